"""Reading content files: YAML loading, the problems found in them and the checks that find them."""
