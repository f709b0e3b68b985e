"""Word lists the matcher routes with: synonyms and slang, stopwords, facet cues, foreign topics.

Kept apart from the algorithm so that a reader can see (and a moderator can suggest) the
words without reading the scoring code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_ENGLISH_WORDS = Path(__file__).resolve().parent.parent / "data" / "english_words.txt"
# Words this common in everyday English ("night", "time", "old", "near") cannot carry a
# topic on their own: "good night all" is not a question about the night before the exam.
COMMON_RANK = 3000


# Everyday words that are nevertheless the point of a coding-certification question.
DOMAIN_EVERYDAY: frozenset[str] = frozenset(
    """
    study exam test tips cost salary pay school college degree course books book hospital
    clinic office practice remote fail insurance medical coding certification
    """.split()
)


@lru_cache(maxsize=1)
def english_ranks() -> dict[str, int]:
    """Word -> frequency rank (0 = most frequent) for the 30,000 most frequent English words."""
    ranks: dict[str, int] = {}
    with _ENGLISH_WORDS.open(encoding="utf-8") as f:
        for line in f:
            word = line.strip()
            if word and not word.startswith("#"):
                ranks.setdefault(word, len(ranks))
    return ranks

# Token -> canonical token. Applied before stemming; covers slang, plurals the stemmer
# misses, and words members use for the same idea.
SYNONYMS: dict[str, str] = {
    # chat shorthand
    "u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please", "thx": "thanks",
    "ty": "thanks", "bc": "because", "cuz": "because", "abt": "about", "w": "with",
    "wfh": "remote", "tbh": "honestly", "idk": "unknown", "yr": "year",
    "yrs": "years", "hrs": "hours", "hr": "hours", "mins": "minutes", "min": "minutes",
    "q": "questions", "qs": "questions", "qns": "questions", "ques": "questions",
    "wk": "week", "wks": "weeks", "k": "thousand", "vs": "versus", "v": "versus",
    # certification words
    "cert": "certification", "certs": "certification", "certification": "certification",
    "certifications": "certification", "certificate": "certification",
    "certificates": "certification", "certified": "certification", "certify": "certification",
    "certifying": "certification", "credential": "certification", "credentials": "certification",
    "designation": "certification",
    "recert": "recertification", "recertify": "recertification", "recertifying": "recertification",
    "recertification": "recertification", "recerts": "recertification",
    "renew": "renew", "renewal": "renew", "renewing": "renew", "renewed": "renew",
    "ceu": "ceu", "ceus": "ceu", "ce": "ceu", "ces": "ceu", "cec": "ceu", "cecs": "ceu",
    "credits": "ceu",
    # money
    "salary": "salary", "salaries": "salary", "earn": "salary", "earns": "salary",
    "earning": "salary", "earnings": "salary", "wage": "salary", "wages": "salary",
    "income": "salary", "paid": "salary", "paycheck": "salary", "compensation": "salary",
    "$$": "salary", "$$$": "salary", "money": "salary", "pays": "salary",
    "fee": "cost", "fees": "cost", "cost": "cost", "costs": "cost", "price": "cost",
    "prices": "cost", "pricing": "cost", "expensive": "cost", "cheap": "cost",
    "cheaper": "cost", "afford": "cost", "tuition": "tuition",
    "dues": "dues", "membership": "dues", "memberships": "dues",
    # exam
    "exam": "exam", "exams": "exam", "test": "exam", "tests": "exam", "examination": "exam",
    "testing": "exam",
    # difficulty
    "hard": "difficult", "harder": "difficult", "hardest": "difficult", "difficult": "difficult",
    "difficulty": "difficult", "tough": "difficult", "tougher": "difficult",
    "toughest": "difficult", "easy": "difficult", "easier": "difficult",
    "easiest": "difficult", "challenging": "difficult",
    # work
    "jobs": "job", "employment": "job", "hiring": "job", "employer": "job", "employers": "job",
    "remote": "remote", "remotely": "remote", "telework": "remote",
    "hospitals": "hospital", "inpatients": "inpatient", "outpatients": "outpatient",
    "offices": "office", "clinics": "clinic",
    # study
    "studying": "study", "studies": "study", "studied": "study",
    "cramming": "cram", "crammed": "cram", "mnemonic": "mnemonic", "mnemonics": "mnemonic",
    "tips": "tip", "advice": "tip", "pointers": "tip", "hacks": "tip",
    "coders": "coder", "coding": "coding", "coded": "coding",
    "degree": "degree", "degrees": "degree", "bachelors": "bachelor", "bachelor": "bachelor",
    "associates": "associate",
    "differences": "difference", "different": "difference", "differ": "difference",
    "compare": "compare", "comparing": "compare", "comparison": "compare",
    "better": "better", "best": "better",
    "necessary": "requirement", "mandatory": "requirement", "needed": "requirement",
    "route": "path", "routes": "path", "pathway": "path", "pathways": "path", "track": "path",
    "paths": "path",
    "choose": "choose", "choosing": "choose", "pick": "choose", "decide": "choose",
    "deciding": "choose", "suits": "choose", "suit": "choose", "fits": "choose",
    "working": "work", "works": "work", "worked": "work",
    "apprenticeship": "apprentice", "apprentices": "apprentice",
    "requirements": "requirement", "required": "requirement", "require": "requirement",
    "requires": "requirement", "prereqs": "requirement", "prereq": "requirement",
    "prerequisite": "requirement", "prerequisites": "requirement",
}

# Words that carry no topic on their own (English function words and chat filler).
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any anyone anybody anything are
    around as at be because been before being below between both but by can cant could
    couldnt did didnt do does doesnt doing dont down during each else even ever every few
    for from further get gets getting got had has hasnt have havent having he her here
    hers herself him himself his how i id if ill im in into is isnt it its itself ive
    just let lets like me might more most much must my myself no nor not now of off on
    once only or other our ours ourselves out over own really same she should shouldnt
    so some such than that thats the their theirs them themselves then there these they
    this those through thru to too under until up upon us very was wasnt we were what
    whats when where which while who whom whose why will with would wouldnt you youre
    your yours yourself yourselves yes yeah yep ok okay hey hi hello hiya yo guys everyone
    folks thanks thank please lol lmao haha omg btw honestly actually basically literally
    kinda sorta gonna wanna gotta wondering wonder curious know knows tell say says said
    quick anyone somebody someone people thing things stuff lot lots
    one ones way ways well still already going go goes want wants wanted need needs needed
    think thinks thought help helps maybe probably pretty quite right sure new
    now today tomorrow yesterday currently soon ago im ive id whats hows heres theres
    is are been being get getting give gives look looking see seems seem try trying
    anyway though although however also just so very really much many make made makes
    making mean meant means confused confuse confusing explain explained explanation
    understand bad general even stuck lost anymore else whole
    """.split()
)

# Facet cues: canonical token (after SYNONYMS, before stemming) -> weight.
FACET_CUES: dict[str, dict[str, float]] = {
    "salary": {"salary": 3.0, "make": 1.2, "pay": 1.5, "money": 1.5, "raise": 1.0, "average": 0.6},
    "cost": {"cost": 3.0, "dues": 3.0, "register": 1.5, "registration": 1.5, "spend": 1.2},
    "recertification": {
        "recertification": 3.0, "ceu": 3.0, "renew": 3.0, "maintain": 2.5, "maintaining": 2.5,
        "keep": 1.2, "keeping": 1.2, "continuing": 2.0, "expire": 2.5, "expires": 2.5,
        "lapse": 2.5, "cycle": 1.2,
    },
    "exam": {
        "exam": 1.0, "format": 2.5, "questions": 1.5, "domains": 2.5, "domain": 2.5,
        "areas": 2.0, "sections": 2.0, "section": 1.5, "cover": 2.0, "covers": 2.0,
        "covered": 2.0, "content": 2.0, "topics": 1.5, "hours": 2.0, "long": 1.2,
        "minutes": 1.5, "length": 2.5, "books": 2.0, "book": 2.0, "manuals": 2.0, "score": 1.5,
        "proctored": 2.5, "online": 1.2, "multiple": 1.0, "choice": 1.0, "timed": 2.0,
        "blueprint": 2.5,
    },
    "eligibility": {
        "requirement": 2.5, "eligible": 3.0, "eligibility": 3.0, "qualify": 2.5,
        "qualifications": 2.5, "experience": 2.0, "sit": 1.8, "diploma": 1.5,
        "apprentice": 2.0, "apprenticeship": 2.0, "without": 0.8,
    },
    "difficulty": {"difficult": 3.0, "fail": 2.0, "failed": 2.0, "failing": 2.0, "pass": 1.5, "rate": 1.0},
    "settings": {
        "where": 1.5, "work": 1.5, "job": 1.8, "hospital": 1.8, "office": 1.5, "setting": 2.5,
        "settings": 2.5, "remote": 2.0, "home": 1.2, "clinic": 1.5, "employ": 1.5,
    },
    "duties": {
        "duties": 3.0, "duty": 3.0, "responsibilities": 3.0, "tasks": 2.5, "role": 2.0,
        "day": 0.8, "daily": 1.0, "does": 0.3,
    },
}

# Multi-word cues that decide a facet outright (phrase in normalised text -> facet, weight).
FACET_PHRASES: tuple[tuple[str, str, float], ...] = (
    ("how much do", "salary", 1.5),
    ("how much does a", "salary", 1.0),
    ("how much can", "salary", 2.0),
    ("pay for", "cost", 3.0),
    ("to pay", "cost", 2.0),
    ("i pay", "cost", 2.0),
    ("how much is the", "cost", 2.5),
    ("how much is it", "cost", 2.5),
    ("how much does the", "cost", 2.0),
    ("how much does it cost", "cost", 3.0),
    ("pass rate", "difficulty", 3.5),
    ("passing rate", "difficulty", 3.5),
    ("first try", "difficulty", 2.5),
    ("first attempt", "difficulty", 2.5),
    ("people pass", "difficulty", 2.5),
    ("passing score", "exam", 3.5),
    ("score to pass", "exam", 3.5),
    ("to pass", "exam", 1.0),
    ("pass mark", "exam", 3.5),
    ("how many questions", "exam", 3.5),
    ("how long is", "exam", 3.0),
    ("open book", "exam", 3.5),
    ("what is on", "exam", 2.0),
    ("whats on", "exam", 2.0),
    ("can i take", "eligibility", 2.5),
    ("do i need to", "eligibility", 1.0),
    ("have to be", "eligibility", 2.0),
    ("need to be", "eligibility", 2.0),
    ("before i can", "eligibility", 2.0),
    ("first before", "eligibility", 2.0),
    ("without having", "eligibility", 2.5),
    ("without a", "eligibility", 1.5),
    ("need experience", "eligibility", 3.0),
    ("who can take", "eligibility", 3.0),
    ("where do", "settings", 2.0),
    ("work at", "settings", 2.0),
    ("work in", "settings", 2.0),
    ("work from home", "settings", 2.0),
    ("what do they do", "duties", 3.5),
    ("do at work", "duties", 3.0),
    ("actually do", "duties", 2.5),
    ("what does a", "duties", 1.0),
    ("day to day", "duties", 3.0),
    ("all day", "duties", 2.5),
    ("do all day", "duties", 1.0),
    ("on the job", "duties", 1.5),
    ("continuing education", "recertification", 3.5),
    ("keep my", "recertification", 2.0),
    ("keep your", "recertification", 2.0),
    ("keep it", "recertification", 2.0),
    ("stay certified", "recertification", 3.5),
    ("every year", "recertification", 1.0),
)

# Words that mean "compare these" (checked on the words as typed, before synonyms, so
# that "harder" is a comparison but "hard" is not).
COMPARE_CUES: frozenset[str] = frozenset(
    """
    vs v versus compare comparing comparison difference differences different differ better
    worse harder easier tougher which or between than either pros cons instead
    """.split()
)

# Short names members use for specialty areas, mapped to a word of the credential's name.
SPECIALTY_AREA_SYNONYMS: dict[str, str] = {
    "derm": "dermatology", "gi": "gastroenterology", "hem": "hematology", "heme": "hematology",
    "onc": "oncology", "ob": "obstetrics", "gyn": "gynecology", "obgyn": "obstetrics",
    "ent": "otolaryngology", "ortho": "orthopaedic", "orthopedic": "orthopaedic",
    "orthopedics": "orthopaedic", "peds": "pediatrics", "pediatric": "pediatrics",
    "cardio": "cardiology", "chiro": "chiropractic", "rheum": "rheumatology",
    "uro": "urology", "urologic": "urology", "plastic": "plastics", "asc": "ambulatory",
    "podiatry": "foot", "podiatric": "foot", "er": "emergency", "ed": "emergency",
    "oncologic": "oncology", "anesthesiology": "anesthesia", "ir": "interventional",
    "gastro": "gastroenterology",
}

# Subjects outside this knowledge base. A message about one of these, with no credential
# named, is declined even if it shares words like "salary" or "CEUs" with coding topics.
FOREIGN_TERMS: frozenset[str] = frozenset(
    """
    nurse nurses nursing rn rns lpn lvn cna cnas np nclex bsn msn phlebotomy phlebotomist
    cpr bls acls pals finra cma rma ccma assistant assistants resume
    pharmacist pharmacy pharmacology dentist hygienist paramedic emt slp radiographer
    sonographer
    software developer developers programmer programming python java javascript
    html css sql react leetcode engineer engineering comptia aws azure cisco ccna ccnp cissp
    google cloud salesforce microsoft oracle kubernetes
    pmp scrum agile itil realtor realestate estate cpa accountant accounting bookkeeper
    bookkeeping lawyer attorney bar paralegal teacher teaching
    trucker cdl driving driver drivers license licence dmv
    weather forecast rain snow temperature sports football soccer basketball baseball nba nfl
    game games movie movies netflix music song recipe recipes cook cooking pizza
    crypto bitcoin stocks stock invest investing tax taxes irs
    sat gre gmat lsat mcat chemistry biology physics calculus algebra geometry novel novels
    fiction
    headache headaches fever migraine dosage ibuprofen tylenol advil
    """.split()
)
