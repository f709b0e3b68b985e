"""Exam areas that quiz questions and per-member accuracy are grouped by.

The areas follow the certifying bodies' current outlines, as researched in docs/outlines.md
(sources, dates and conflicts are recorded there): AAPC's 17 CPC areas, the post-2020 CCS
domains, and provisional areas for the CCA, CIC, COC and CRC. ``certifications`` holds the
"credentials and careers" questions, which belong to no exam.

Old ids (the seed guide's 12 CPC areas and 8 CCS domains) are mapped to these by the store's
migration ``0008_domains``, so members' stats carry over.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Domain:
    id: str
    exam: str  # "CPC", "CCS", ... or "" for cross-exam areas
    title: str


_DOMAINS: tuple[Domain, ...] = (
    # CPC: AAPC's 17 areas (aapc.com/resources/cpc-exam-faqs); the six surgery series first.
    Domain("cpc.integumentary", "CPC", "Surgery: integumentary system (10000 series)"),
    Domain("cpc.musculoskeletal", "CPC", "Surgery: musculoskeletal system (20000 series)"),
    Domain(
        "cpc.respiratory-cardiovascular",
        "CPC",
        "Surgery: respiratory, cardiovascular, hemic and lymphatic (30000 series)",
    ),
    Domain("cpc.digestive", "CPC", "Surgery: digestive system (40000 series)"),
    Domain(
        "cpc.urinary-reproductive-endocrine",
        "CPC",
        "Surgery: urinary, reproductive, maternity and endocrine (50000 series)",
    ),
    Domain("cpc.nervous", "CPC", "Surgery: nervous system, eye and ear (60000 series)"),
    Domain("cpc.evaluation-management", "CPC", "Evaluation and management"),
    Domain("cpc.anesthesia", "CPC", "Anesthesia"),
    Domain("cpc.radiology", "CPC", "Radiology"),
    Domain("cpc.lab-pathology", "CPC", "Laboratory and pathology"),
    Domain("cpc.medicine", "CPC", "Medicine"),
    Domain("cpc.medical-terminology", "CPC", "Medical terminology"),
    Domain("cpc.anatomy", "CPC", "Anatomy"),
    Domain("cpc.icd10cm", "CPC", "ICD-10-CM"),
    Domain("cpc.hcpcs", "CPC", "HCPCS Level II"),
    Domain("cpc.coding-guidelines", "CPC", "Coding guidelines"),
    Domain("cpc.compliance", "CPC", "Compliance and regulatory"),
    # CCS: AHIMA's post-2020 outline as third-party pages describe it (docs/outlines.md).
    Domain("ccs.coding", "CCS", "Coding knowledge and skills"),
    Domain("ccs.documentation", "CCS", "Coding documentation"),
    Domain("ccs.queries", "CCS", "Provider queries"),
    Domain("ccs.compliance", "CCS", "Regulatory guidelines and compliance"),
    Domain("ccs.data-technology", "CCS", "Health data and technology"),
    # CCA (AHIMA): six domains, weights from third-party pages only.
    Domain("cca.classification", "CCA", "Clinical classification systems"),
    Domain("cca.reimbursement", "CCA", "Reimbursement methodologies"),
    Domain("cca.health-records", "CCA", "Health records and data content"),
    Domain("cca.compliance", "CCA", "Compliance"),
    Domain("cca.information-technology", "CCA", "Information technology"),
    Domain("cca.privacy", "CCA", "Confidentiality and privacy"),
    # CIC (AAPC): provisional areas from AAPC's description of the exam.
    Domain("cic.icd10cm", "CIC", "Inpatient diagnosis coding (ICD-10-CM)"),
    Domain("cic.icd10pcs", "CIC", "Inpatient procedure coding (ICD-10-PCS)"),
    Domain("cic.reimbursement", "CIC", "Inpatient reimbursement (MS-DRG, IPPS)"),
    Domain("cic.cases", "CIC", "Inpatient cases"),
    # COC (AAPC): ten domains from a third-party page.
    Domain("coc.surgery-modifiers", "COC", "Surgery and modifiers"),
    Domain("coc.icd10cm", "COC", "ICD-10-CM"),
    Domain("coc.payment", "COC", "Payment methodologies (APC, OPPS, ASC)"),
    Domain("coc.cpt", "COC", "CPT outside surgery"),
    Domain("coc.cases", "COC", "Outpatient cases"),
    Domain("coc.medical-terminology", "COC", "Medical terminology"),
    Domain("coc.anatomy", "COC", "Anatomy"),
    Domain("coc.hcpcs", "COC", "HCPCS Level II"),
    Domain("coc.coding-guidelines", "COC", "Coding guidelines"),
    Domain("coc.compliance", "COC", "Compliance"),
    # CRC (AAPC): areas from third-party pages (two sources agree on the counts they share).
    Domain("crc.compliance", "CRC", "Compliance"),
    Domain("crc.diagnosis-coding", "CRC", "Diagnosis coding"),
    Domain("crc.documentation", "CRC", "Documentation improvement"),
    Domain("crc.models", "CRC", "Risk adjustment models"),
    Domain("crc.cases", "CRC", "Risk adjustment cases"),
    Domain("crc.clinical-foundations", "CRC", "Pathophysiology, terminology and anatomy"),
    Domain("certifications", "", "Credentials and careers"),
    # Generated from the ICD-10-CM tabular (bot/core/codes/drills.py), for every exam.
    Domain("icd10cm-drills", "", "ICD-10-CM drills"),
)

DOMAINS: dict[str, Domain] = {d.id: d for d in _DOMAINS}

# The guide's old area ids, for a stored row that still holds one: the migration moves every
# answer it can place (merges by id, splits per question), but a round started on the whole of
# old surgery, or an answer to a question since deleted, keeps its old id.
LEGACY_IDS: dict[str, str] = {
    "ccs.inpatient": "ccs.coding",
    "ccs.outpatient": "ccs.coding",
    "ccs.data-quality": "ccs.data-technology",
    "ccs.information-technology": "ccs.data-technology",
    "ccs.privacy-legal-ethics": "ccs.compliance",
}
_LEGACY_TITLES: dict[str, str] = {
    "cpc.surgery": "Surgery, all body systems (before the split by series)",
}

EXAMS: tuple[str, ...] = ("CPC", "CCS", "CCA", "CIC", "CCS-P", "CRC", "COC", "CPC-P")

# How a question asks: recall a fact, or apply rules to a scenario (a note, a claim, a case).
KINDS: tuple[str, ...] = ("recall", "application")


def domain_title(domain_id: str) -> str:
    domain = DOMAINS.get(LEGACY_IDS.get(domain_id, domain_id))
    return domain.title if domain else _LEGACY_TITLES.get(domain_id, domain_id)
