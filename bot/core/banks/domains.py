"""Exam-blueprint domains that quiz questions and per-member accuracy are grouped by.

The CPC's 12 knowledge areas and the CCS's 8 domains are the ones the seed guide lists;
``certifications`` holds questions about the credentials and career facts themselves.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Domain:
    id: str
    exam: str  # "CPC", "CCS" or "" for cross-exam domains
    title: str


_DOMAINS: tuple[Domain, ...] = (
    Domain("cpc.surgery", "CPC", "Surgical procedures performed on all body systems"),
    Domain("cpc.evaluation-management", "CPC", "Evaluation and management"),
    Domain("cpc.anesthesia", "CPC", "Anesthesia"),
    Domain("cpc.radiology", "CPC", "Radiology"),
    Domain("cpc.lab-pathology", "CPC", "Laboratory/pathology"),
    Domain("cpc.medicine", "CPC", "Medicine"),
    Domain("cpc.medical-terminology", "CPC", "Medical terminology"),
    Domain("cpc.anatomy", "CPC", "Anatomy"),
    Domain("cpc.icd10cm", "CPC", "ICD-10-CM"),
    Domain("cpc.hcpcs", "CPC", "HCPCS Level II codes"),
    Domain("cpc.coding-guidelines", "CPC", "Coding guidelines"),
    Domain("cpc.compliance", "CPC", "Compliance and regulation"),
    Domain("ccs.documentation", "CCS", "Health information documentation"),
    Domain("ccs.coding", "CCS", "Diagnosis and procedure coding"),
    Domain("ccs.inpatient", "CCS", "Inpatient guidelines and reporting requirements"),
    Domain("ccs.outpatient", "CCS", "Outpatient guidelines and reporting requirements"),
    Domain("ccs.data-quality", "CCS", "Data and quality management"),
    Domain("ccs.information-technology", "CCS", "Information technologies"),
    Domain("ccs.privacy-legal-ethics", "CCS", "Privacy, confidentiality, legal and ethical issues"),
    Domain("ccs.compliance", "CCS", "Compliance"),
    Domain("certifications", "", "Certifications and career facts"),
)

DOMAINS: dict[str, Domain] = {d.id: d for d in _DOMAINS}

EXAMS: tuple[str, ...] = ("CPC", "CCS", "CCA", "CIC", "CCS-P", "CRC", "COC", "CPC-P")


def domain_title(domain_id: str) -> str:
    domain = DOMAINS.get(domain_id)
    return domain.title if domain else domain_id
