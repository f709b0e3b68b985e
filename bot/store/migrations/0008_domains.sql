-- Move stored areas from the seed guide's outlines (12 CPC areas, 8 CCS domains) to the current
-- ones (docs/outlines.md), so members' accuracy per area carries over to the re-tagged banks.
-- Splits are per question (answers.question_id is the bank's question id) and run first;
-- merges are by id.  rounds.domain (the area a round was started with) is history: merged ids
-- move, and a round started on all of surgery keeps 'cpc.surgery' (shown as a legacy title).
-- The same file ships for SQLite and PostgreSQL.  Never edit a released migration.

UPDATE answers SET domain = 'cpc.integumentary' WHERE domain = 'cpc.surgery' AND question_id IN ('cpcp-004', 'cpcp-012', 'cpcp-013', 'cpcp-014', 'cpcp-015', 'cpcp-016');
UPDATE answers SET domain = 'cpc.musculoskeletal' WHERE domain = 'cpc.surgery' AND question_id IN ('cpcp-003', 'cpcp-011', 'cpcp-018');
UPDATE answers SET domain = 'cpc.digestive' WHERE domain = 'cpc.surgery' AND question_id IN ('cpcp-002', 'cpcp-007', 'cpcp-020');
UPDATE answers SET domain = 'cpc.nervous' WHERE domain = 'cpc.surgery' AND question_id IN ('cpcp-019');
UPDATE answers SET domain = 'cpc.coding-guidelines' WHERE domain = 'cpc.surgery' AND question_id IN ('cpcp-001', 'cpcp-005', 'cpcp-006', 'cpcp-008', 'cpcp-009', 'cpcp-010', 'cpcp-017');
UPDATE answers SET domain = 'ccs.queries' WHERE domain = 'ccs.documentation' AND question_id IN ('ccsc-doc-010', 'ccsc-doc-011', 'ccsc-doc-020');
UPDATE answers SET domain = 'ccs.coding' WHERE domain = 'ccs.inpatient';
UPDATE answers SET domain = 'ccs.coding' WHERE domain = 'ccs.outpatient';
UPDATE answers SET domain = 'ccs.data-technology' WHERE domain = 'ccs.data-quality';
UPDATE answers SET domain = 'ccs.data-technology' WHERE domain = 'ccs.information-technology';
UPDATE answers SET domain = 'ccs.compliance' WHERE domain = 'ccs.privacy-legal-ethics';
UPDATE rounds SET domain = 'ccs.coding' WHERE domain = 'ccs.inpatient';
UPDATE rounds SET domain = 'ccs.coding' WHERE domain = 'ccs.outpatient';
UPDATE rounds SET domain = 'ccs.data-technology' WHERE domain = 'ccs.data-quality';
UPDATE rounds SET domain = 'ccs.data-technology' WHERE domain = 'ccs.information-technology';
UPDATE rounds SET domain = 'ccs.compliance' WHERE domain = 'ccs.privacy-legal-ethics';
