"""The checklist's rules as data: per requirement, weighted sentence and heading patterns.

A sentence addresses a requirement when its score reaches ``THRESHOLD``: the sum of the weights
of the sentence patterns it matches, plus the best heading weight of the section (or list
introduction) it sits in, plus weights for the typed values the clause pipeline found in it
(``FIELDS``). A veto pattern sets the score to zero ("we may update this policy" is not a
right). Patterns are case-insensitive regular expressions; they were written from the wording of
Articles 13/14 and of the team's own example sentences (tests/extraction/nlp/test_checklist.py),
not learned from any gold file.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 1.0
MAX_EVIDENCE = 3  # passages kept per requirement, best first
# Requirements a list answers: a sentence introducing a list ("We use your data to:") weighs
# less than the items, which say what the purposes (recipients, data ...) are.
LISTED = frozenset({
    "purposes", "recipients", "data_categories", "data_source", "legal_basis",
    "controller_contact", "legitimate_interests", "mandatory_disclosure", "dpo_contact",
})

_YOU_CAN = (
    r"(?:you|users?|data subjects?|individuals?|customers?)\s+(?:\w+\s+){0,2}"
    r"(?:can|may|could|have|has|are entitled|is entitled|shall have|will have|retain)"
)
_RIGHT_TO = r"(?:right|rights|entitled|option|ability)\s+(?:\w+\s+){0,3}to\b"
_REQUEST = r"(?:request|ask|ask us|require us|instruct us|contact us|email us|write to us)\b"
_YOUR_DATA = (
    r"(?:your|the|any|such|their|his|her)\s+(?:\w+\s+){0,3}"
    r"(?:data|information|details|account|profile|record|records)"
)
# A list introducing the rights ("You have the following rights:", "... including the right
# to:"): the items under it name one right each, often as a bare verb ("Delete your data.").
_RIGHTS_LIST = (r"\b(?:rights?|entitled)\b[^\n]{0,100}:\s*$", 0.6)
_ITEM = r"^\W*(?:the right )?(?:to )?(?:request (?:that we )?|ask us to )?"
# A sentence about disclosing data because the law or legal process requires it.
_NOT_LEGAL = (
    r"^(?![\s\S]*\b(?:required by law|permitted by law|required to do so by law|comply with|"
    r"compliance with|legal process|subpoenas?|law enforcement|court orders?|search warrants?)\b)"
    r"[\s\S]*"
)
_D = "[.\u2024]"  # a dot, or a dot the checklist masked as not ending a sentence
_ORG = (
    r"(?-i:Ltd|LTD|Limited|Inc|INC|LLC|L" + _D + "L" + _D + r"C|GmbH|S" + _D + "A" + _D
    + r"S?|SAS|S" + _D + "r" + _D + r"l|SRL|B" + _D + r"V|Pty|PTY|plc|PLC"
    r"|Corp|Corporation|Co" + _D + r"|AG|AB|Oy|LLP|Pvt|Private Limited|SARL|KG|UG)(?:\b|(?<="
    + _D + "))"
)


@dataclass(frozen=True)
class Rule:
    key: str
    label: str  # what an analyst reads in the panel
    article: str  # the GDPR provision
    sentence: tuple[tuple[str, float], ...]
    heading: tuple[tuple[str, float], ...] = ()
    veto: tuple[str, ...] = ()
    # heading weight counts only together with some sentence evidence (>0) unless True
    heading_alone: bool = False


RULES: tuple[Rule, ...] = (
    Rule(
        "controller_identity",
        "Who the controller is",
        "Art. 13(1)(a)",
        sentence=(
            (r"\bdata controller\b|\bcontroller of (?:your|the) (?:personal )?(?:data|information)"
             r"|\b(?:is|are|acts as|act as) (?:the |a |joint )?controllers?\b", 1.2),
            (r"[(\[]\s*(?:hereinafter\s+)?(?:referred to as\s+)?(?:(?:either|collectively)\s+)?"
             r"[\"“”'‘’]?\s*(?:the\s+)?(?:company|we|us|our|app|developer|provider)\b", 1.2),
            (r"[(\[][^)\]]{0,60}[\"“”'‘’]\s*(?:we|us|our)\b", 1.2),
            (r"\b(?:hereby |hereinafter |collectively )?referred to as\b", 0.8),
            (r"\brefers to\b[^.]{0,80}\b(?-i:[A-Z])[\w&.-]+", 0.5),
            (r"\b(?:company|we|us)\b[^.]{0,40}\brefers to\b", 0.7),
            (r"\b(?:is|are) (?:provided|operated|owned|developed|published|run|maintained|"
             r"offered|built|made|created)(?: and (?:operated|owned|maintained|provided))? by\b",
             1.0),
            (r"\b(?:built|developed|created|made|published) the [^.]{1,60}\b(?:app|application|"
             r"service|website|game)\b", 1.0),
            (r"\bwe are (?-i:[A-Z])[\w&.-]+|\bwe,\s+(?-i:[A-Z])[\w&.-]+", 0.8),
            (r"\b(?-i:[A-Z])[\w&-]+(?:\s+(?-i:[A-Z])[\w&-]+){0,4},?\s+" + _ORG, 0.8),
            (r"\bis committed to (?:protecting|respecting|safeguarding)\b", 0.3),
            (r"\b(?-i:[A-Z])[\w&-]+(?:\s+(?-i:[A-Z])[\w&-]+){0,3}\s+(?:operates|owns|runs|provides|"
             r"publishes)\s+(?:the |this |its |our )?(?:\w+ )?(?:websites?|apps?|applications?|"
             r"services?|platforms?|sites?)\b", 1.0),
            (r"\b(?:registered|incorporated) (?:office|address|in|under)\b|\bcompany (?:number|"
             r"registration|registered)\b|\bregistered (?:with|at)\b", 0.6),
            (r"\bresponsible for (?:the )?(?:processing|collection|handling) of\b"
             r"|\bresponsible for (?:your|the) (?:personal )?(?:data|information)\b", 0.8),
            (r"\b(?:this|our) (?:privacy )?(?:policy|notice|statement) (?:applies to|describes|"
             r"explains|governs|covers)\b[^.]{0,120}\b(?:by|of)\s+(?-i:[A-Z])[\w&.-]+", 0.7),
            (r"\b(?:website|app|application|service|platform|site)s? (?:is |are )?"
             r"(?:owned|operated|provided)\b", 0.5),
        ),
        heading=(
            (r"\b(?:about us|who we are|controller|information about us|our details|identity"
             r"|definitions|interpretation)\b", 0.4),
        ),
        veto=(r"\bcontact form\b", r"\bthird[- ]part(?:y|ies)'?s?\b[^.]{0,40}\bcontrollers?\b"),
    ),
    Rule(
        "controller_contact",
        "How to contact the controller",
        "Art. 13(1)(a)",
        sentence=(
            (r"[\w.\u2024+-]+@[\w-]+(?:[.\u2024][\w-]+)+", 1.0),
            (r"\b(?:contact|reach|write to|email|e-mail|call|mail)\s+(?:us|me|our|the (?:team|"
             r"company|developer))\b", 0.4),
            (r"\b(?:tel|phone|telephone|mobile|fax)\b\.?\s*(?:no\.?|number)?\s*:?\s*\+?[\d(]", 1.0),
            (r"\+\d[\d ()-]{7,}\d", 0.6),
            (r"\b(?:address|mailing address|postal address|email|e-mail|website|phone)\s*:", 0.7),
            (r"\b\d{1,5}\s+(?:(?-i:[A-Z])[\w.]*\s+){1,4}(?:street|st|avenue|ave|road|rd|boulevard|blvd"
             r"|lane|ln|drive|dr|suite|floor|way|parade|place|court)\b", 0.9),
            (r"\b(?:P\.?O\.? Box|Postfach)\b|\b(?-i:[A-Z]){2}\s+\d{5}(?:-\d{4})?\b"
             r"|\b\d{5}\s+(?-i:[A-Z])[a-z]+", 0.6),
            (r"\bhttps?://\S+|\bwww[.\u2024]\S+", 0.3),
            (r"\bquestions?\b[^.]{0,80}\b(?:contact|reach|email|write)\b", 0.4),
            # an invitation to get in touch whose details follow or are given elsewhere
            (r"\b(?:contact|reach|write to|e-?mail)\s+(?:us|me)\b[^.]{0,80}?"
             r"(?::\s*$|\b(?:below|above|at the (?:bottom|end)|in section)\b)", 0.3),
        ),
        heading=(
            (r"\bcontact|\bget in touch\b|\bquestions\b|\bcomplaints\b|\bhow to reach\b", 0.5),
        ),
        veto=(r"\bcontact (?:form|information|details) (?:you|that you) (?:provide|submit)\b",
              r"\bcontact (?:you|users)\b(?![^.]{0,60}\b(?:us|me)\b)"),
    ),
    Rule(
        "dpo_contact",
        "Data protection officer",
        "Art. 13(1)(b)",
        sentence=(
            (r"\bdata protection officer\b|(?-i:\bDPO\b)|\bdpo@|\bdata protection (?:lead|manager|"
             r"representative|coordinator|official|delegate)\b"
             r"|\bprivacy (?:officer|administrator|lead|manager)\b"
             r"|\b(?:dataprotection|data-protection|data[.\u2024]protection)@"
             r"|\bdata privacy officer\b|\bArt(?:icle|\.)? 3[78]\b", 1.2),
            (r"\b(?:EU|UK|European) (?:data protection )?representative\b|\bArt(?:icle|\.)? 27\b",
             0.8),
            # the officer's contact details, under a heading or a list introduction naming them
            (r"[\w.\u2024+-]+@[\w-]+(?:[.\u2024][\w-]+)+|\b(?:tel|phone|telephone)\b\.?\s*:?\s*\+?[\d(]"
             r"|\b(?:address|postal address|email|e-mail)\s*:", 0.7),
        ),
        heading=(
            (r"\bdata protection officer\b|(?-i:\bDPO\b)|\bprivacy (?:officer|administrator)\b",
             0.6),
        ),
        veto=(r"\b(?:do not|don't|not required to|have not) (?:have|appoint(?:ed)?)\b[^.]{0,30}"
              r"\b(?:officer|DPO)\b",),
    ),
    Rule(
        "purposes",
        "Purposes of processing",
        "Art. 13(1)(c)",
        sentence=(
            # "we use your data to ...", but not "we require you to provide" (a requirement) nor
            # "the app uses third-party services that ..." (a recipient)
            (r"\b(?:we|i|the company|the app|it)\s+(?:\w+\s+){0,3}(?:use|uses|process|processes|"
             r"utili[sz]e|collect|need|require)\b(?!\s+(?:you|users?)\s+to\b)"
             r"(?!\s+(?:\w+\s+)?third[- ]party\b)[^.]{0,80}\b(?:to|for|in order to)\b", 0.6),
            (r"\bfor (?:the )?(?:following |these |various |several |specific )?purposes?\b"
             r"|\bpurposes? (?:of|for|such as)\b|\bin order to\b|\bso that we can\b", 0.6),
            # "used to improve", but not data described as "used to identify you"
            (r"\b(?:used|processed|collected) "
             r"(?!(?:\w+ ){0,2}to (?:contact (?:or|and) )?identify\b)(?:\w+ ){0,2}(?:to|for)\b",
             0.4),
            (r"^\W*(?:to|for)\s+(?:provide|improve|personali[sz]e|analy[sz]e|send|contact|"
             r"manage|process|prevent|detect|comply|develop|maintain|operate|communicate|"
             r"deliver|understand|monitor|enable|respond|offer|verify|ensure|protect|show|"
             r"display|serve|customi[sz]e|market|notify|fulfil)", 0.9),
            (r"\bhow (?:we|do we) use\b|\buse of (?:your )?(?:personal )?(?:data|information)\b",
             0.3),
        ),
        veto=(r"\buses? (?:both )?(?:\w+ )?(?:cookies|web beacons|pixels)\b",),
        heading=(
            (r"\b(?:use|uses|using|purpose|purposes|how we use|why we)\b", 0.5),
        ),
    ),
    Rule(
        "legal_basis",
        "Legal basis",
        "Art. 13(1)(c)",
        sentence=(
            (r"\b(?:legal|lawful)\s+(?:basis|bases|ground|grounds)\b|\blawfulness\b"
             r"|\bArt(?:icle|\.)?\s*6\s*\(?1\)?", 1.2),
            (r"\b(?:necessary|needed|required) (?:for|to) (?:the )?(?:perform|performance|"
             r"fulfil|fulfill|enter|conclu)[^.]{0,30}\bcontract", 1.0),
            (r"\b(?:comply|compliance) with (?:a |any |our |the |applicable )?(?:legal|"
             r"statutory|regulatory)\s+(?:obligation|requirement|dut)", 1.0),
            (r"\bvital interests?\b|\bpublic interest\b|\bofficial authority\b", 1.0),
            (r"\b(?:with|based on|on the basis of|rely on|relying on|where you have given)\s+"
             r"(?:your )?(?:explicit |express |prior )?consent\b", 0.9),
            (r"\byou (?:hereby )?(?:are )?(?:consent|consenting|agree|agreeing)\b[^.]{0,40}"
             r"\b(?:collection|processing|use|sharing)\b", 0.7),
            # consent given to the processing: "you expressly consent to the handling ...",
            # "you are indicating your express consent to the collection ..."
            (r"\byou (?:\w+ ){0,2}(?:consent|consents|consenting)\b[^.]{0,60}\b(?:collection|"
             r"processing|use|sharing|transfer|storage|handling|practices)\b"
             r"|\b(?:giv\w*|indicat\w*|signif\w*|provid\w*|grant\w*) (?:your |us your )?"
             r"(?:\w+ ){0,3}consent\b[^.]{0,40}\b(?:to|for)\b", 1.0),
            (r"\blegitimate (?:business )?interests?\b", 0.8),
            (r"\b(?:consent|contract|legal obligation)s?\b", 0.2),
        ),
        heading=(
            (r"\blegal bas|\blawful bas|\blegal ground|\bconsent\b|\bbasis\b", 0.5),
        ),
        veto=(r"\b(?:retain|retained|keep|kept|store|stored)\b",
              r"\b(?:parent|parental|guardian)\b"),
    ),
    Rule(
        "legitimate_interests",
        "Legitimate interests pursued",
        "Art. 13(1)(d)",
        sentence=(
            (r"\blegitimate (?:business |commercial )?interests?\b", 1.2),
            # protecting the company's rights or property, but not its legal rights in a
            # disclosure the law requires ("to comply with a subpoena or defend our legal
            # rights": a legal obligation and legal claims, not an interest pursued)
            (_NOT_LEGAL + r"\b(?:protect|defend|safeguard)(?:s|ed|ing)?\b[^.]{0,25}"
             r"\b(?:our|the company['’]?s?|its)\b[^.]{0,20}(?<!legal )\b(?:rights|property|"
             r"interests)\b", 1.0),
            (r"\bbusiness interests?\b|\binterests? of (?:the company|our business)\b", 0.7),
            (_NOT_LEGAL + r"\b(?:protect|defend)(?:s|ed|ing)?\b[^.]{0,30}(?<!legal )"
             r"\b(?:rights|property)\b[^.]{0,10}\bof (?:the )?(?:company|us|(?-i:[A-Z])\w+)", 1.0),
            (r"\blegitimate (?:business )?(?:reason|purpose)s?\b", 0.8),
        ),
        heading=((r"\blegitimate interest", 0.5),),
    ),
    Rule(
        "recipients",
        "Recipients of the data",
        "Art. 13(1)(e)",
        sentence=(
            (r"\b(?:share|shares|shared|sharing|disclose|discloses|disclosed|disclosure|transfer|"
             r"provide|sell|rent|give|pass)\b[^.]{0,80}\b(?:third[- ]part(?:y|ies)|"
             r"service providers?|partners?|affiliates?|vendors?|processors?|authorit(?:y|ies)|"
             r"law enforcement|advertisers?|contractors?|subsidiar(?:y|ies)|companies|agencies|"
             r"suppliers?)\b", 1.0),
            (r"\b(?:third[- ]party|third parties)\b[^.]{0,60}\b(?:services?|providers?|companies|"
             r"vendors?|partners?)\b", 0.5),
            (r"\brecipients?\b", 0.6),
            # "we will not share your information with anyone": no recipients, said plainly
            (r"\b(?:not|never) (?:share|disclose|sell|rent)\b[^.]{0,30}\b(?:information|data|"
             r"details|history)\b[^.]{0,20}\b(?:with|to) (?:any|anyone|any other)\b"
             r"|\b(?:information|data|details)\b[^.]{0,40}\b(?:not|never) (?:be )?(?:shared|"
             r"disclosed|sold|rented)\b[^.]{0,10}\b(?:with|to) (?:any|anyone|any other)\b", 1.0),
            (r"\b(?:google|firebase|facebook|admob|unity|apple|amazon|stripe|paypal|microsoft|"
             r"meta|appsflyer|crashlytics|onesignal)\b", 0.3),
        ),
        heading=(
            (r"\b(?:shar|disclos|third[- ]part|recipient|service providers?|transfer)", 0.5),
        ),
        veto=(r"\blinks? to (?:the )?privacy polic", r"\bnot (?:be )?(?:responsible|liable)\b"),
    ),
    Rule(
        "third_country_transfers",
        "Transfers outside the EU/EEA",
        "Art. 13(1)(f)",
        sentence=(
            (r"\b(?:transfer|transferred|transfers|transferring|stored|processed|store|process|"
             r"maintained|hosted|located)\b[^.]{0,80}\b(?:outside|other than|beyond|different)\b"
             r"[^.]{0,40}\b(?:country|countries|jurisdiction|state|province|EEA|EU|European|UK|"
             r"region)", 1.2),
            (r"\binternational(?:ly)? (?:data )?transfers?\b|\btransfers? (?:of|your)[^.]{0,40}"
             r"\b(?:internationally|abroad|overseas)\b|\bcross[- ]border\b|\bthird countr", 1.2),
            (r"\b(?:countries|jurisdictions) (?:that|which|where)[^.]{0,60}\b(?:data protection|"
             r"privacy) laws?\b|\bsame (?:level|degree) of (?:data )?protection\b", 1.0),
            (r"\bstandard contractual clauses\b|\badequacy decision\b|\bbinding corporate rules\b"
             r"|\bprivacy shield\b|\bdata privacy framework\b", 1.2),
            (r"\b(?:overseas|abroad)\b", 0.5),
        ),
        heading=((r"\b(?:international|transfer|where we store|where your data|outside)", 0.5),),
    ),
    Rule(
        "retention_period",
        "How long data is kept",
        "Art. 13(2)(a)",
        sentence=(
            (r"\b(?:retain|retains|retained|retention|keep|keeps|kept|store|stored|storing|hold|"
             r"held|preserve)\b[^.]{0,80}\b(?:as long as|for (?:a |the )?(?:period|duration|time)|"
             r"until|no longer than|longer than|for up to|for \d+|for (?:one|two|three|six|"
             r"twelve|thirty|ninety)|only for|while|after|period)", 1.1),
            (r"\bretention (?:period|policy|schedule)s?\b|\bretention of\b", 1.0),
            (r"\b(?:delete|deleted|erase|erased|destroy|anonymi[sz]e)d?\b[^.]{0,60}"
             r"\b(?:after|within|once|when)\b[^.]{0,40}\b(?:days?|weeks?|months?|years?|no longer|"
             r"closed|terminat|delet|purpose)", 0.9),
            (r"\bno longer (?:than (?:is )?)?(?:necessary|needed|required)\b", 0.7),
            (r"\b(?:will be|is) (?:retained|kept) (?:by us|on (?:your|the) device|on our servers"
             r"|in our (?:systems|database))", 1.0),
            (r"\b(?:retain|keep|store)\b", 0.2),
        ),
        heading=((r"\bretention|\bretain|\bhow long|\bstorage\b|\bkeep", 0.5),),
        veto=(r"\b(?:we|i) (?:do not|don't|never) (?:store|retain|keep)\b[^.]{0,30}\b(?:on our|"
              r"any)\b(?![^.]{0,60}\b(?:longer|after|until)\b)",
              # "kept confidential", "secure storage" is security, unless it also says how long
              r"^(?![\s\S]*\b(?:longer|until|period|as long as)\b)[\s\S]*"
              r"\b(?:confidential|safe|secure|securely|encrypt\w*)\b"),
    ),
    Rule(
        "right_access",
        "Right of access",
        "Art. 15",
        sentence=(
            (_RIGHT_TO + r"[^.]{0,40}\b(?:access|know|obtain (?:a copy|confirmation|information)|"
             r"request (?:a copy|access|disclosure)|be informed)", 1.2),
            (r"\bright of access\b|\bsubject access\b|\baccess requests?\b|\bright to know\b", 1.2),
            (_YOU_CAN + r"[^.]{0,40}\b(?:access|view|review|obtain a copy|request a copy|"
             r"download)\b", 0.8),
            (_ITEM + r"(?:access|obtain a copy|receive a copy|know|be informed)\b", 0.5),
            # "request to receive a copy / an exported file of the data we hold about you"
            (r"\b(?:receive|obtain|get|download)\b[^.]{0,30}\b(?:copy|export\w*|file|summary)\b"
             r"[^.]{0,40}\b(?:data|information)\b[^.]{0,20}\b(?:we hold|we have|we keep|"
             r"held|about you)\b", 1.0),
            (_REQUEST + r"[^.]{0,40}\b(?:access to|a copy of|copies of|details of|confirmation)\b",
             1.0),
            (r"\baccess(?:ing)?,? (?:\w+,? ){0,6}(?:correct|rectif|updat|delet|eras|amend)", 0.6),
        ),
        heading=((r"\brights?\b|\baccess\b|\bchoices\b|\bcontrol", 0.3), _RIGHTS_LIST),
        veto=(r"\b(?:we|company|it) (?:may|might|will|shall)? ?(?:update|change|modify|amend)\s+"
              r"(?:this|our) (?:privacy )?(?:policy|notice|terms)\b",
              r"\breserves? the right\b", r"\baccess to (?:your|the) (?:camera|"
              r"microphone|location|contacts|photos|device|gallery|storage)\b",
              r"\b(?:camera|microphone|location|contacts|photos?|gallery|storage) access\b",
              r"\b(?:inability|limit your ability) to (?:\w+ ){0,2}access\b"),
    ),
    Rule(
        "right_rectification",
        "Right to rectification",
        "Art. 16",
        sentence=(
            (_RIGHT_TO + r"[^.]{0,40}\b(?:correct|rectif|amend|update|edit|modify|complete)", 1.2),
            (r"\brectification\b|\brectify\b", 1.2),
            (_YOU_CAN + r"[^.]{0,50}\b(?:correct|amend|update|edit|modify|change)\b[^.]{0,30}"
             r"\b(?:data|information|details|account|profile|inaccura)", 0.9),
            (_REQUEST + r"[^.]{0,40}\b(?:correct|amend|update|rectif)", 0.9),
            (r"\b(?:correct|update|amend|edit)(?:ing|ion)?,? (?:\w+,? ){0,4}(?:or |and )?"
             r"(?:delet|eras|remov)", 0.6),
            (r"\binaccurate\b|\bincorrect\b|\bincomplete\b", 0.3),
            (_ITEM + r"(?:correct|rectify|update|amend)\b", 0.5),
            (r"\b(?:ask|request|require)\w*\b[^.]{0,60}\bbe (?:corrected|rectified|amended|"
             r"updated)\b", 1.0),
        ),
        heading=((r"\brights?\b|\bcorrect|\bupdat|\bchoices\b|\bcontrol", 0.3), _RIGHTS_LIST),
        veto=(r"\b(?:we|company|it) (?:may|might|will|shall)? ?(?:update|change|modify|amend)\s+"
              r"(?:this|our|these) (?:privacy )?(?:policy|notice|terms|statement)\b",
              r"\breserves? the right\b", r"\bupdates? to (?:this|our) "
              r"(?:privacy )?(?:policy|notice)\b"),
    ),
    Rule(
        "right_erasure",
        "Right to erasure",
        "Art. 17",
        sentence=(
            (_RIGHT_TO + r"[^.]{0,40}\b(?:delet|eras|remov|be forgotten)", 1.2),
            (r"\berasure\b|\bright to be forgotten\b|\bdeletion requests?\b", 1.2),
            (_YOU_CAN + r"[^.]{0,50}\b(?:delete|erase|remove|deactivate|close)\b", 0.9),
            (_REQUEST + r"[^.]{0,50}\b(?:delet|eras|remov)", 1.0),
            (r"\b(?:delete|deletion of) (?:your|the) account\b", 0.6),
            # "if you would like us to delete ...", "should you want your account removed"
            (r"\b(?:would|'d|\u2019d) like\b[^.]{0,40}\b(?:delete|erase|remove|deleted|erased|"
             r"removed)\b|\b(?:want|wish)\b[^.]{0,60}\b(?:deleted|erased|removed)\b", 1.0),
            (_ITEM + r"(?:delete|erase|remove)\b", 0.5),
            (r"\b(?:ask|request|require)\w*\b[^.]{0,80}\bbe (?:deleted|erased|removed)\b", 1.0),
        ),
        heading=((r"\brights?\b|\bchoices\b|\bcontrol", 0.3), _RIGHTS_LIST,
                 (r"\bdelet(?:e|ion|ing)\b|\berasure\b|\bremov(?:e|al|ing)\b", 0.5)),
        veto=(r"\b(?:we|company|it) (?:may|might|will|shall)? ?(?:update|change|modify|amend)\s+"
              r"(?:this|our) (?:privacy )?(?:policy|notice|terms)\b",
              r"\breserves? the right\b",
              r"\b(?:children|child|under (?:the age of )?1[3-8])\b"),
    ),
    Rule(
        "right_restriction",
        "Right to restriction",
        "Art. 18",
        sentence=(
            (_RIGHT_TO + r"[^.]{0,40}\b(?:restrict|limit)\w*\b[^.]{0,30}\b(?:process|use)", 1.2),
            (r"\brestrict(?:ion)? (?:of|on|the|our) (?:the )?(?:processing|use)\b"
             r"|\bright (?:to|of) restrict", 1.2),
            (_REQUEST + r"[^.]{0,40}\b(?:restrict|limit)\w*\b[^.]{0,30}\b(?:process|use)", 1.0),
            (r"\b(?:restrict|restriction)\b", 0.4),
        ),
        heading=((r"\brights?\b", 0.3), _RIGHTS_LIST),
        veto=(r"\breserves? the right\b", r"\brestrict(?:ed)? access\b"),
    ),
    Rule(
        "right_objection",
        "Right to object",
        "Art. 21",
        sentence=(
            (_RIGHT_TO + r"[^.]{0,30}\bobject\b", 1.2),
            (r"\bobject(?:ion)? to (?:the |our |any )?(?:processing|use|profiling|direct marketing"
             r"|us using|our use)\b|\bright (?:to|of) object", 1.2),
            (_YOU_CAN + r"[^.]{0,30}\bobject\b", 1.0),
            (_REQUEST + r"[^.]{0,40}\bstop (?:using|processing|sharing) (?:your|the|any)\b", 1.0),
            # objecting to direct marketing (Art. 21(2)): "you can opt out of our newsletters"
            (_YOU_CAN + r"[^.]{0,40}\b(?:opt[- ]out|unsubscribe)\b[^.]{0,60}\b(?:marketing|"
             r"promotional|newsletters?|advertising|advertisements|offers)\b", 0.4),
            (r"\bopt[- ]out of (?:the )?(?:processing|profiling|targeted|interest-based|"
             r"personali[sz]ed)", 0.7),
            (r"\bopt(?:ed|ing)?[- ]out\b[^.]{0,60}\b(?:marketing|promotional|newsletters?|"
             r"advertising|communications|e-?mails?)\b|\bunsubscribe\b", 0.7),
        ),
        heading=((r"\brights?\b|\bobject", 0.3), _RIGHTS_LIST),
        veto=(r"\breserves? the right\b",),
    ),
    Rule(
        "right_portability",
        "Right to data portability",
        "Art. 20",
        sentence=(
            (r"\bportab", 1.2),
            (r"\bmachine[- ]readable\b|\bstructured,? commonly used\b", 1.0),
            (_RIGHT_TO + r"[^.]{0,50}\b(?:transfer|transmit|export|move)\b", 0.9),
            (r"\b(?:transmit|transfer|export)\w*\b[^.]{0,40}\bto another (?:controller|service|"
             r"provider|organi[sz]ation|company)\b", 1.0),
            (_REQUEST + r"[^.]{0,50}\b(?:transfer|transmit|send|export|move)\b[^.]{0,40}"
             r"\b(?:to you|to another|to a third|directly)\b", 1.0),
            (r"\bin (?:a|an) (?:\w+,? ){0,3}(?:electronic|portable|exportable|interoperable) "
             r"(?:format|form)\b", 0.6),
        ),
        heading=((r"\brights?\b", 0.3), _RIGHTS_LIST),
    ),
    Rule(
        "right_withdraw_consent",
        "Right to withdraw consent",
        "Art. 13(2)(c)",
        sentence=(
            (r"\b(?:withdraw|withdrawn|withdrawal|revoke|revoking|revocation|retract)\w*\b"
             r"[^.]{0,40}\bconsent\b|\bconsent\b[^.]{0,40}\b(?:withdraw|revoke|revocation)", 1.2),
            (_RIGHT_TO + r"[^.]{0,30}\b(?:withdraw|revoke)", 1.0),
            (_YOU_CAN + r"[^.]{0,50}\b(?:opt[- ]out|unsubscribe|choose not to receive|"
             r"change your mind)\b", 1.0),
            (r"\b(?:permit|permits|permitting|allow|allows|allowing|enable|enables|enabling)\s+"
             r"(?:you|users?)\s+to\s+(?:\W?opt[- ]out|unsubscribe|withdraw)", 1.0),
            (r"\b(?:email|e-mail|contact|write to|ask|request)\b[^.]{0,60}\bto "
             r"(?:unsubscribe|opt[- ]out|withdraw)\b", 0.8),
            (r"\bstop (?:all |any )?(?:further )?(?:collection|processing)\b", 0.8),
            # what was given can be taken back: "... may be withdrawn at any time"
            (r"\b(?:withdraw|withdrawn|revoke|revoked)\b[^.]{0,40}\bat any time\b", 1.0),
            (r"\b(?:opt[- ]out|unsubscrib\w*)\b", 0.5),
            # switching a device permission or a browser's cookies off is a setting, not
            # (on its own) taking back consent
            (r"\b(?:enable or disable|disable or enable|turn off|switch off)\b"
             r"|\bdevice settings\b", 0.3),
            (r"\b(?:change|manage|adjust|modify|review|update|revise)\b[^.]{0,30}\b(?:consent|"
             r"permissions?|choices?|decision|confirmation)\b[^.]{0,60}"
             r"\b(?:at any time|anytime|settings|later)\b", 0.8),
            # the user changing their mind: "you can change your choice later"
            (_YOU_CAN + r"\s+(?:\w+\s+){0,2}(?:change|revise|modify|reconsider)\b[^.]{0,30}"
             r"\b(?:consent|choices?|decision|confirmation|agreement)\b", 0.3),
            (r"\bat any time\b", 0.3),
        ),
        heading=((r"\bconsent\b|\bwithdraw|\brights?\b|\bchoices\b|\bopt|\bunsubscrib", 0.3),),
        veto=(r"\breserves? the right\b",
              # opting out of a sale of the data (US state laws) or of the advertising
              # industry's interest-based ads is not taking back a consent given to us
              r"^(?![\s\S]*\b(?:consent|withdraw\w*|revok\w*)\b)"
              r"(?=[\s\S]*\bopt(?:s|ed|ing)?[- ]?outs?\b)"
              r"(?=[\s\S]*(?:\b(?:sale|sales|sell|selling|sold)\b"
              r"|\b(?:targeted|interest[- ]based|personali[sz]ed|behaviou?ral|third[- ]party"
              r"|network) (?:advertising|ads|advertisers)\b"
              r"|\bad ?choices\b|\baboutads\b|\bdigital advertising alliance\b"
              r"|\bnetwork advertising initiative\b|\byour ?online ?choices\b|\bgoogle analytics\b"
              r"|\bgaoptout\b))"),
    ),
    Rule(
        "right_complaint",
        "Right to complain to a supervisory authority",
        "Art. 13(2)(d)",
        sentence=(
            (r"\b(?:lodge|file|make|submit|bring|raise|register|escalate|refer)\b[^.]{0,30}"
             r"\bcomplaints?\b", 0.8),
            # a complaint taken to an authority: "complain to the competent authority"
            (r"\bcomplain\w*\b[^.]{0,60}\b(?:authorit(?:y|ies)|commissioner|ombudsman)\b", 0.5),
            (r"\bsupervisory (?:authorit|bod)|\bdata protection (?:authorit|commission|agenc|"
             r"board|supervisor|regulator|inspectorate|ombudsman)|\binformation commissioner|"
             r"(?-i:\bICO\b|\bCNIL\b|\bEDPB\b)|\bprivacy commissioner|\bregulator\b"
             r"|\bprivacy (?:enforcement |protection )?authorit"
             r"|\battorney general\b", 0.8),
            # "you may contact / report a concern to your data protection authority"
            (_YOU_CAN + r"[^.]{0,60}\b(?:contact|reach|report|refer|write to|turn to|complain)\b"
             r"[^.]{0,50}\b(?:supervisory|data protection (?:authorit|commission|agenc|"
             r"supervisor|regulator)|information commissioner|privacy commissioner|"
             r"(?-i:ICO|CNIL))", 0.5),
            (r"\bcomplain(?:t|ts)? (?:to|with)\b", 0.6),
            (r"\bright to (?:\w+ ){0,2}complain", 1.0),
        ),
        heading=((r"\bcomplain", 0.5),),
    ),
    Rule(
        "mandatory_disclosure",
        "Whether providing data is required",
        "Art. 13(2)(e)",
        sentence=(
            (r"\b(?:if|where|should|when) you (?:do not|don't|choose not to|decline to|refuse to|"
             r"elect not to|fail to|prefer not to|(?:do not|don't) (?:wish|want) to|opt not to)\b"
             r"[^.]{0,40}\b(?:provide|give|share|submit|supply|consent|accept|allow|enable|grant)",
             1.1),
            # "failure to provide ... means we cannot ...", "without this information we cannot"
            (r"\b(?:failure|failing|refusal|refusing|declining) to "
             r"(?:provide|give|supply|submit)\b", 1.1),
            (r"\bwithout (?:this|that|these|such|the (?:required|requested|necessary))\s+"
             r"(?:\w+\s+){0,2}(?:information|data|details)\b[^.]{0,40}\b(?:cannot|can't|"
             r"unable|not be able|will not be able)\b", 1.0),
            (r"\b(?:not (?:be )?(?:able|possible)|unable|cannot|can't|may not be able)\b[^.]{0,60}"
             r"\b(?:without|unless you provide|if you (?:do not|don't))\b", 0.9),
            (r"\b(?:mandatory|obligatory|compulsory|voluntary|voluntarily|optional)\b", 0.6),
            (r"\b(?:you are|you're|you will be|you may be) (?:not )?(?:\w+ )?(?:required|obliged|"
             r"obligated|under no obligation|not obliged)\b[^.]{0,30}\b(?:to provide|to give|"
             r"to share|to supply|to submit)", 1.1),
            (r"\b(?:providing|provision of|giving us)\b[^.]{0,50}\b(?:is|are) (?:not )?(?:\w+ )?"
             r"(?:required|mandatory|obligatory|voluntary|optional|necessary)\b", 0.8),
            (r"\b(?:statutory|contractual) (?:or contractual )?requirement\b", 1.0),
            (r"\b(?:refuse|decline|reject)\b[^.]{0,30}\bcookies?\b[^.]{0,80}\b(?:not be able|"
             r"unable|may not|some (?:parts|features))", 0.9),
        ),
        heading=(),
        # not agreeing to the policy itself is no refusal to provide data
        veto=(r"\b(?:accept|agree)\w*\b[^.]{0,20}\b(?:this|our|these) (?:privacy )?(?:policy|"
              r"notice|statement|terms)\b",),
    ),
    Rule(
        "automated_decisions",
        "Automated decisions and profiling",
        "Art. 13(2)(f)",
        sentence=(
            (r"\bautomated (?:individual )?decision|\bdecisions? (?:\w+ ){0,3}(?:based )?"
             r"(?:solely )?on automated\b|\bautomated (?:means|processing)\b[^.]{0,60}"
             r"\b(?:decision|significant|legal effect)", 1.2),
            (r"\bprofiling\b", 1.0),
            (r"\bArt(?:icle|\.)?\s*22\b|\blegal or similarly significant\b", 1.0),
            # decisions taken by a machine: "decided automatically", "without human review"
            (r"\bdecisions?\b[^.]{0,40}\b(?:made|taken|reached)\b[^.]{0,20}\b(?:automatically|by "
             r"(?:an? )?(?:algorithms?|machines?|software))\b|\bautomatically (?:make|makes|made|"
             r"take|takes|taken) (?:\w+ )?decisions?\b|\bwithout (?:any )?human (?:intervention|"
             r"review|involvement)\b", 1.0),
        ),
        heading=((r"\bautomated|\bprofiling", 0.6),),
        heading_alone=True,
    ),
    Rule(
        "data_categories",
        "Categories of data",
        "Art. 14(1)(d)",
        sentence=(
            (r"\b(?:collect|collects|collected|gather|gathers|obtain|receive|process|request|"
             r"ask for|store)\b[^.]{0,80}\b(?:name|email|e-mail|address|phone|location|device|"
             r"ip address|identifier|age|gender|birth|payment|credit card|photos?|contacts|"
             r"usage data|log data|cookies)\b", 1.0),
            (r"\b(?:information|data) (?:such as|including|like|that includes|which includes|"
             r"may include)\b", 0.8),
            (r"\b(?:types?|categories|kinds?) of (?:personal )?(?:data|information)\b", 0.7),
            # a blanket "we do not collect any personal data" answers the question too
            (r"\b(?:do|does|will) not (?:collect|gather|store|process)\w*(?: or \w+)?\b[^.]{0,20}"
             r"\b(?:any|personal|sensitive)\b[^.]{0,30}\b(?:information|data)\b", 1.0),
        ),
        veto=(r"^(?![\s\S]*\b(?:not|never) (?:collect|gather|store|process)\w*(?: or \w+)? "
              r"(?:any|personal|sensitive)\b)[\s\S]*\b(?:not|never)\b[^.]{0,20}\bcollect",
              r"\bnot collected\b", r"\bknowingly\b",
              r"\b(?:children|child|minors?|under (?:the age of )?1\d)\b",
              r"\b(?:enable or disable|disable or enable)\b"),
        heading=((r"\b(?:collect|information we|data we|types of|categories)", 0.4),),
    ),
    Rule(
        "data_source",
        "Source of the data",
        "Art. 14(2)(f)",
        sentence=(
            (r"\b(?:collect|collects|collected|obtain|obtained|receive|received|get|gather|"
             r"acquire|import|source)\w*\b"
             r"[^.]{0,90}\bfrom\b(?!\s+you\b)[^.]{0,40}\b(?:third[- ]part(?:y|ies)|other sources|"
             r"sources|partners?|public(?:ly)?|social media|social networks?|providers?|"
             r"affiliates?|databases?|other (?:users|companies)|facebook|google|apple|others|"
             r"other (?:\w+ )?(?:services|apps|applications|platforms|websites|sites|businesses|"
             r"organi[sz]ations|entities)|advertis\w+|vendors?|(?:data )?brokers?|bureaus?|"
             r"agenc(?:y|ies)|employers?|referr\w+|resellers?)\b", 1.2),
            # "information provided to us by our partners"
            (r"\b(?:provided|supplied|shared|given|passed|disclosed|sent) (?:to us |with us )?by "
             r"(?:third|other|our|a|an|the|your|any)\b(?!\s+(?:app|application|service|site|"
             r"website|platform)s?\b)", 0.9),
            (r"\b(?:collected|gathered|recorded|obtained) automatically\b|\bautomatically "
             r"(?:collect|collected|gather|record|log|receive)", 0.5),
            # a source other than the person: "through third-party products" (what the
            # person's own browser or device sends is data from them, not another source)
            (r"\bthrough third[- ]party (?:products|services|tools|sdks?)\b", 1.0),
            # signing in with a social network: the profile comes from that network
            (r"\bsocial (?:media|network(?:ing)?)(?: services?| sites?| platforms?)? "
             r"(?:accounts?|logins?|log-ins?|profiles?|credentials)\b", 1.0),
            (r"\b(?:you )?(?:provide|give|submit|enter) (?:directly )?(?:to us|us with)\b"
             r"|\bdirectly from you\b|\binformation you (?:provide|give|submit)\b", 0.8),
            (r"\bsources?\b", 0.3),
        ),
        heading=((r"\bsources?\b|\bfrom (?:third|other)|\bautomatically\b|\byou provide\b", 0.5),),
        # what reaches the person from other sites is no source of the data we hold
        veto=(r"\bnot (?:be )?(?:responsible|liable)\b",),
    ),
)

# Typed clause values that count toward a requirement: (key, clause field, weight, value)
# (value None: any value of the field).
FIELDS: tuple[tuple[str, str, float, str | None], ...] = (
    ("retention_period", "retention", 0.5, None),
    ("third_country_transfers", "countries", 0.6, None),
    ("data_categories", "data_types", 0.4, None),
    ("purposes", "purposes", 0.4, None),
    ("recipients", "recipient_categories", 0.4, None),
    ("recipients", "recipient_names", 0.4, None),
    ("right_access", "rights", 0.4, "access"),
    ("right_rectification", "rights", 0.4, "rectification"),
    ("right_erasure", "rights", 0.4, "erasure"),
    ("right_restriction", "rights", 0.4, "restriction"),
    ("right_objection", "rights", 0.4, "objection"),
    ("right_portability", "rights", 0.4, "portability"),
    ("right_withdraw_consent", "rights", 0.4, "withdraw_consent"),
    ("right_complaint", "rights", 0.4, "complaint"),
)

# Section keys of the pipeline that lend weight to a requirement (the clause is in them).
SECTIONS: tuple[tuple[str, str, float], ...] = (
    ("controller_contact", "contact", 0.3),
    ("retention_period", "retention", 0.3),
    ("third_country_transfers", "transfers", 0.3),
    ("recipients", "sharing", 0.3),
    ("purposes", "use", 0.3),
    ("data_categories", "collection", 0.3),
)

LEGAL_BASIS_PATTERNS: tuple[tuple[str, str], ...] = (
    ("consent", r"\bconsent\b"),
    ("contract", r"\bcontract(?:ual)?\b|\bterms of (?:service|use)\b[^.]{0,30}\bperform"),
    ("legal_obligation", r"\blegal (?:obligation|requirement)|\bcomply with (?:the )?(?:law|"
     r"applicable law|legal)"),
    ("vital_interests", r"\bvital interests?\b"),
    ("public_task", r"\bpublic interest\b|\bofficial authority\b"),
    ("legitimate_interests", r"\blegitimate (?:business )?interests?\b"),
)

SAFEGUARD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("standard_contractual_clauses", r"\bstandard (?:contractual|data protection) clauses\b"
     r"|\bmodel clauses\b|(?-i:\bSCCs?\b)"),
    ("adequacy_decision", r"\badequacy (?:decision|finding|regulation)s?\b|\badequate (?:level "
     r"of )?(?:data )?protection\b"),
    ("binding_corporate_rules", r"\bbinding corporate rules\b|(?-i:\bBCRs?\b)"),
    ("data_privacy_framework", r"\bprivacy shield\b|\bdata privacy framework\b"),
    ("consent", r"\b(?:explicit|your) consent\b"),
    ("certification", r"\bcertification mechanism\b|\bapproved code of conduct\b"),
)

# How a gap reads: "The policy does not say <text>."
GAP_TEXT: dict[str, str] = {
    "controller_identity": "who the controller is",
    "controller_contact": "how to contact the controller",
    "dpo_contact": "how to reach a data protection officer",
    "purposes": "why it processes personal data",
    "legal_basis": "on which legal basis it processes personal data",
    "legitimate_interests": "which legitimate interests it pursues",
    "recipients": "who receives the data",
    "third_country_transfers": "whether data is transferred outside the EU/EEA",
    "retention_period": "how long data is kept",
    "right_access": "that you may access your data",
    "right_rectification": "that you may have your data corrected",
    "right_erasure": "that you may have your data erased",
    "right_restriction": "that you may restrict the processing",
    "right_objection": "that you may object to the processing",
    "right_portability": "that you may take your data elsewhere (portability)",
    "right_withdraw_consent": "that you may withdraw your consent",
    "right_complaint": "that you may complain to a supervisory authority",
    "mandatory_disclosure": "whether you must provide the data, and what follows if you do not",
    "automated_decisions": "whether it makes automated decisions or profiles you",
    "data_categories": "which categories of personal data it processes",
    "data_source": "where the data comes from",
}
