"""Typed-value cues: data types, purposes, recipients, rights, practices, qualifiers."""

from __future__ import annotations

DATA_TYPES: dict[str, list[str]] = {
    "contact": [
        "email address", "email addresses", "e-mail address", "e-mail addresses", "email",
        "e-mail", "phone number", "phone numbers", "telephone number", "mobile number",
        "postal address", "mailing address", "home address", "street address",
        "billing address", "shipping address", "delivery address", "contact information",
        "contact details", "contact info", "your name", "first name", "last name",
        "telephone numbers", "mobile numbers", "mobile phone number", "cell phone number",
        "delivery addresses", "billing addresses", "shipping addresses", "postal addresses",
        "home addresses", "mailing addresses",
        "full name", "name and", "names", "name,",
        "fax number", "emails", "e-mails",
        "contact data", "contact list", "contact lists", "address book", "address books",
        "physical address", "residential address", "contact number", "contact numbers",
    ],
    "financial": [
        "credit card", "credit cards", "debit card", "payment card", "card number",
        "payment information", "payment details", "billing information", "bank account",
        "financial information", "account number", "purchases",
        "transaction history", "payment method", "payment data", "credit card number",
        "billing", "financial", "income", "purchase information", "bank details",
        "payment-related information", "payment related information", "card details",
        "credit history", "payment history",
    ],
    "location": [
        "location", "geolocation", "geo-location", "gps", "geographic location",
        "geographic area", "precise location", "approximate location", "location data",
        "location information", "latitude", "longitude", "zip code", "postal code",
        "location-based",
    ],
    "device_identifiers": [
        "ip address", "ip addresses", "internet protocol address", "internet protocol (ip)",
        "device id", "device ids", "device identifier", "device identifiers",
        "unique device identifier", "unique device identifiers", "unique identifier",
        "unique identifiers", "mac address", "udid", "idfa", "aaid", "advertising id",
        "advertising identifier", "advertising identifiers", "imei", "android id",
    ],
    "cookies_tracking": [
        "cookie", "cookies", "web beacon", "web beacons", "pixel tag", "pixel tags",
        "pixels", "clear gif", "clear gifs", "tracking technologies", "tracking technology",
        "local storage", "flash cookies", "local shared objects", "tracking pixels", "beacons",
        "sdk", "sdks",
    ],
    "device_info": [
        "browser type", "browser types", "type of browser", "browser version",
        "operating system", "operating systems", "device model",
        "type of device", "device information", "hardware model", "browser information",
        "screen resolution", "language preference", "mobile carrier", "device type",
        "isp", "internet service provider", "device settings", "type of computer",
        "computer type", "browser and device information", "hardware and software",
        "browser data", "type of web browser", "web browser type", "browser software",
        "browser plug-in", "browser plug-ins", "information about your computer",
        "make and model", "model of your device", "client computer", "software installed",
        "network information", "connection type", "device data", "computer information",
        "time zone",
    ],
    "demographic": [
        "gender", "sex", "date of birth", "birth date", "birthday", "demographic",
        "demographics", "demographic information", "occupation", "your age", "age range",
        "marital status", "nationality", "race", "ethnicity", "household income", "household",
        "job title", "job titles", "employment information", "employment history",
        "educational background", "education level", "level of education",
    ],
    "online_activity": [
        "pages visited", "pages you visit", "pages you view", "browsing history",
        "browsing behavior", "browsing activity", "clickstream", "click stream",
        "usage data", "usage information", "search queries", "search terms",
        "referring url", "referring website", "referral url", "referral urls",
        "access times", "time spent", "links clicked", "links you click", "log data",
        "log information", "log files", "interactions with", "how you use",
        "online activity", "activity on", "browsing", "page views", "referrer",
        "date and time", "content you view", "features you use",
        "click-stream", "click-stream data", "clickstream data", "pages of our site",
        "pages you visited", "pages viewed", "web analytics", "visits to our", "your visits",
        "time of your visit", "information about your use", "information about how you use",
        "interactions", "viewing history", "purchase history",
        "search history", "transactions you conduct", "history",
        "pages you viewed", "pages you accessed", "pages you access", "web pages viewed",
        "pages requested", "web pages requested", "page you request", "pages were visited",
        "browsing habits", "browsing patterns", "visitation patterns", "usage statistics",
        "usage habits", "usage activities", "on-line activities", "browser activity",
        "download activity", "activity information", "session information", "traffic data",
        "files downloaded", "return visits", "user activity", "how you interact",
        "how users interact", "how visitors use", "how customers use",
    ],
    "health": [
        # not bare "health": "health and fitness websites", "a health condition you read about"
        "health data", "health records", "health status", "medical", "fitness", "prescription",
        "diagnosis", "health information", "medical records", "symptoms", "disability",
        "medical history", "health history",
    ],
    "social_media": [
        "social login", "social media profile", "friends list",
        "social media account", "social media accounts", "social network profile",
        "facebook profile", "facebook friends", "twitter handle",
    ],
    "account": [
        "username", "usernames", "user profile",
        "account credentials", "login credentials",
    ],
    "survey": ["survey responses", "survey data", "survey answers", "responses to surveys",
               "participate in surveys", "participate in a survey"],
    "government_id": [
        "social security number", "social security numbers", "ssn", "driver's license",
        "driver’s license", "drivers license", "passport", "passport number",
        "national id", "national identification", "tax id", "tax identification",
        "government-issued identification", "government-issued id", "government id",
        "identity card", "id card",
    ],
    "biometric": [
        "biometric", "biometrics", "fingerprint", "fingerprints", "facial recognition",
        "face recognition", "voiceprint", "faceprint", "retina",
    ],
}

# Data types whose wording varies too much for a phrase list, as regular expressions over
# whole words (matched case-insensitively), keyed by a name in angle brackets (the cue's
# phrase, so it never equals a lexicon phrase). Each comes with words one of which a match
# must hold: a passage with none of them is not searched (most are not).
_SEEN = (r"(?:pages?|webpages?|content|links?|ads|advertisements|articles|urls|areas|sections"
         r"|screens|videos)")
# "the websites you visit" is any site on the web (a cookie's reach), not activity on one
_SITES = r"(?:sites?|websites?)"
_VIEWERS = r"(?:you|users|visitors|they|customers|members|readers)"
_VIEWING = (r"(?:visit(?:s|ed)?|view(?:s|ed)?|click(?:ed)?|access(?:ed)?|request(?:ed)?"
            r"|brows(?:e|ed)|read|open(?:ed)?|watch(?:ed)?|select(?:ed)?|frequent)")
DATA_TYPE_PATTERNS: dict[str, dict[str, tuple[tuple[str, ...], str]]] = {
    "device_identifiers": {
        # 'Internet Protocol ("IP") address', "Internet Protocol (IP) addresses"
        "<quoted ip address>": (("protocol",),
            r"\binternet\s+protocol\s*\(\s*[\"“'‘]?\s*ip\s*[\"”'’]?\s*\)\s*address(?:es)?\b"
        ),
    },
    "online_activity": {
        # "the pages you visit", "content that users view", "links they click"
        "<things you view>": (("visit", "view", "click", "access", "request", "brows", "read",
                                "open", "watch", "select", "frequent"),
            rf"\b{_SEEN}\s+(?:(?:that|which)\s+)?{_VIEWERS}\s+(?:(?:have|may|might)\s+)?"
            rf"{_VIEWING}\b"
        ),
        # "pages visited", "the pages of the Site viewed", "which pages were visited"
        "<things viewed>": (("visited", "viewed", "clicked", "accessed", "requested",
                              "browsed", "opened", "read", "watched"),
            rf"\b(?:{_SEEN}|{_SITES})(?:\s+[\w'’-]+){{0,3}}?\s+(?:(?:are|were|was|is|have|been)\s+)"
            r"{0,2}(?:visited|viewed|clicked|accessed|requested|browsed|opened|read|watched)\b"
        ),
        # "how long you stay", "how long each visitor stayed", "the duration of your visit"
        "<time spent>": (("long", "duration"),
            rf"\bhow\s+long\s+(?:{_VIEWERS}|each|a|the)\s+(?:visitor\s+)?"
            r"(?:stay(?:s|ed)?|spen(?:d|ds|t)|remain(?:ed)?|visit(?:ed)?|used?|view(?:ed)?)\b"
            r"|\bduration\s+of\s+(?:[\w'’-]+\s+)?(?:visits?|sessions?)\b"
        ),
        # "purchasing patterns", "viewing habits", "browsing activities", "shopping behavior"
        "<online behaviour>": (("behavio", "patterns", "habits", "activit", "history"),
            r"\b(?:browsing|purchasing|viewing|navigation|navigational|participation|clicking"
            r"|surfing|shopping|searching)\s+(?:behaviou?rs?|patterns|habits|activity|activities"
            r"|history)\b"
        ),
    },
}

PURPOSES: dict[str, list[str]] = {
    "service": [
        "provide our services", "provide the services", "provide you with", "process orders",
        "process your order", "process your orders", "fulfill your order", "fulfil your order",
        "order processing", "deliver", "delivery", "process payments", "process transactions",
        "manage accounts", "manage your account", "operate our", "to operate", "perform our",
        "provide services", "provide the service", "provide our service", "functionality",
        "orders",
    ],
    "support": [
        "customer support", "customer service", "respond to your", "answer your",
        "support requests", "help you", "technical support", "inquiries", "enquiries",
        "troubleshoot", "troubleshooting",
    ],
    "marketing": [
        "marketing", "promotional", "promotions", "newsletter", "newsletters",
        "special offers", "offers", "direct marketing", "marketing communications",
        "products and services we think", "may be of interest", "promote",
    ],
    "advertising": [
        "advertising", "advertisements", "advertisement", "ads", "targeted ads",
        "interest-based", "retargeting", "remarketing", "ad networks",
    ],
    "analytics": [
        "analytics", "analyze", "analyse", "analysis", "statistics", "statistical",
        "measure", "understand how", "trends", "usage patterns", "audience",
    ],
    "personalization": [
        "personalize", "personalise", "personalized", "personalised", "personalization",
        "personalisation", "customize", "customise", "customized", "tailor", "tailored",
        "recommendations", "your preferences",
    ],
    "security": [
        "fraud", "security", "prevent abuse", "protect against", "protect our", "safety",
        "secure", "unauthorized", "malicious", "verify your identity", "verify and confirm",
        "authentication",
    ],
    "legal": [
        "comply with", "legal obligation", "legal obligations", "required by law",
        "law enforcement", "subpoena", "court order", "legal process", "legal requirements",
        "applicable law", "applicable laws", "enforce our", "legal claims", "regulatory",
    ],
    "research": ["research", "studies", "scientific", "development of new", "develop new"],
    "business_transfer": [
        "merger", "acquisition", "acquired", "sale of assets", "sale of all",
        "business transfer", "reorganization", "bankruptcy", "change of control",
        "sale or transfer",
    ],
}

# Ambiguous data-type phrases: counted only in a sentence that also names a collection,
# sharing, tracking or retention practice.
DATA_TYPES_WEAK: set[str] = {
    "email", "e-mail", "emails", "e-mails", "addresses", "names", "zip code", "postal code",
    "address,",
    "password", "profile", "user name", "age", "interests", "education", "demographics",
    "household", "browser", "computer", "mobile device", "platform", "carrier", "isp",
    "transaction", "transactions", "financial", "purchases", "income", "payment card", "billing",
    "medical", "city", "websites you visit", "browsing", "usage", "activity",
    "interactions", "history", "social media", "social network", "social networking",
    "facebook", "twitter", "linkedin", "survey", "surveys", "unique identifier",
    "unique identifiers", "location", "credit card", "name,", "name and", "e-mail address",
    "email address",
}

# Data-type phrases that, in a sentence naming a tracking technology, say in general what the
# technology records ("cookies collect information about your use of the site", "web beacons
# count your visits", "a cookie holds a unique identifier"): that sentence's data type is the
# tracking technology, not online activity or a device identifier.
DATA_TYPES_TRACKED: set[str] = {
    "your visits", "visits to our", "information about your use", "information about how you use",
    "how you use", "usage information", "usage", "browsing", "activity", "activity on",
    "interactions", "interactions with", "unique identifier", "unique identifiers",
    "<things you view>", "<things viewed>",
}

# Phrases so generic that they count only next to another data type (an enumeration).
DATA_TYPES_LIST_ONLY: set[str] = {
    "addresses", "names", "medical", "usage", "history", "zip code",
    "unique identifier", "unique identifiers", "full name", "username",
    "interactions", "interactions with", "financial", "billing", "purchases",
}

# Canonical organisation name -> lower-case aliases.
RECIPIENT_NAMES: dict[str, list[str]] = {
    "Google Analytics": ["google analytics"],
    "Google": ["google", "google inc", "google llc", "google ads", "adwords", "doubleclick"],
    "Mixpanel": ["mixpanel"],
    "Stripe": ["stripe"],
    "PayPal": ["paypal"],
    "MailChimp": ["mailchimp", "mail chimp"],
    "WordPress": ["wordpress"],
    "Facebook": ["facebook", "facebook pixel", "meta platforms", "instagram", "facebook ads"],
    "Twitter": ["twitter"],
    "LinkedIn": ["linkedin"],
    "Amazon Web Services": ["amazon web services", "aws"],
    "Microsoft": ["microsoft", "azure", "bing"],
    "Apple": ["apple"],
    "Firebase": ["firebase", "firebase analytics", "crashlytics"],
    "Adobe": ["adobe", "omniture"],
    "Hotjar": ["hotjar"],
    "Segment": ["segment.io", "segment.com"],
    "Amplitude": ["amplitude"],
    "Zendesk": ["zendesk"],
    "Salesforce": ["salesforce"],
    "HubSpot": ["hubspot"],
    "Shopify": ["shopify"],
    "Cloudflare": ["cloudflare"],
    "Braintree": ["braintree"],
    "Intercom": ["intercom"],
    "SendGrid": ["sendgrid"],
    "Twilio": ["twilio"],
    "AppsFlyer": ["appsflyer"],
    "Adjust": ["adjust gmbh"],
    "Quantcast": ["quantcast"],
    "Nielsen": ["nielsen"],
    "comScore": ["comscore"],
    "Criteo": ["criteo"],
    "Yandex": ["yandex", "yandex.metrica"],
    "Baidu": ["baidu"],
    "Tencent": ["tencent", "wechat"],
    "Alibaba Cloud": ["alibaba cloud", "aliyun"],
    "Sentry": ["sentry"],
    "OneSignal": ["onesignal"],
    "Klaviyo": ["klaviyo"],
    "Google AdMob": ["admob", "google admob"],
    "Google AdSense": ["adsense", "google adsense"],
    "Google Play Services": ["google play services"],
    "Google Tag Manager": ["google tag manager"],
    "YouTube": ["youtube"],
    "Flurry": ["flurry", "flurry analytics"],
    "Unity Ads": ["unity ads", "unity analytics"],
    "AppLovin": ["applovin"],
    "ironSource": ["ironsource"],
    "Vungle": ["vungle"],
    "Chartboost": ["chartboost"],
    "InMobi": ["inmobi"],
    "Liftoff": ["liftoff"],
    "Tapjoy": ["tapjoy"],
    "Pangle": ["pangle"],
    "Mintegral": ["mintegral"],
    "Appodeal": ["appodeal"],
    "Branch": ["branch.io", "branch metrics"],
    "Bugsnag": ["bugsnag"],
    "Instabug": ["instabug"],
    "RevenueCat": ["revenuecat"],
    "GameAnalytics": ["gameanalytics"],
    "AppMetrica": ["appmetrica"],
    "Microsoft Clarity": ["microsoft clarity"],
    "TikTok": ["tiktok"],
    "Snap": ["snapchat", "snap inc"],
    "Pinterest": ["pinterest"],
    "Amazon": ["amazon", "amazon pay"],
    "Wistia": ["wistia"],
    "Vimeo": ["vimeo"],
    "Mapbox": ["mapbox"],
    "Cloudinary": ["cloudinary"],
    "Leadbolt": ["leadbolt"],
    "StartApp": ["startapp", "start.io"],
    "Digital Turbine": ["digital turbine", "fyber"],
    "Facebook Audience Network": ["facebook audience network", "audience network"],
}

RECIPIENT_CATEGORIES: dict[str, list[str]] = {
    "service_providers": [
        "service provider", "service providers", "vendors", "vendor", "contractors",
        "suppliers", "processors", "data processors", "sub-processors", "subprocessors",
        "hosting provider", "hosting providers", "on our behalf", "third-party services",
        "third party services", "selected third parties", "companies that run",
    ],
    "payment_processors": [
        "payment processor", "payment processors", "payment providers", "payment provider",
        "payment service", "payment services", "process payments", "payment processing",
        "banks", "credit card processors",
    ],
    "logistics": [
        "logistics", "shipping companies", "shipping carriers", "couriers", "courier",
        "delivery companies", "delivery partners", "carriers", "postal services",
    ],
    "advertisers": [
        "advertisers", "advertising partners", "advertising networks", "ad networks",
        "advertising companies", "ad partners", "marketing partners",
    ],
    "analytics_providers": [
        "analytics providers", "analytics companies", "analytics services",
        "analytics partners", "analytics service",
    ],
    "affiliates": [
        "affiliates", "affiliate", "affiliated companies", "subsidiaries", "parent company",
        "group companies", "corporate family", "sister companies",
    ],
    "partners": ["partners", "business partners", "partner", "co-branded", "joint"],
    "government": [
        "law enforcement", "government", "governmental", "public authorities",
        "authorities", "regulators", "courts", "court order", "subpoena", "police",
        "government departments", "public institutions", "legal process",
    ],
    "acquirers": [
        "merger", "acquisition", "acquirer", "successor", "purchaser", "buyer",
        "sale of assets", "business transfer", "reorganization", "change of control",
    ],
    "other_users": ["other users", "other members", "other players", "your friends"],
    "public": ["publicly", "public forums", "public areas", "publicly available", "the public"],
}

RIGHTS: dict[str, list[str]] = {
    "access": [
        "right to access", "right of access", "access your", "access to your",
        "request access", "a copy of", "copy of the information", "request a copy",
        "access, correct", "access and correct", "access the personal", "know what",
        "request disclosure", "list of third parties", "obtain from us",
        "access/download", "review your",
    ],
    "rectification": [
        "rectification", "rectify", "correct your", "correct or", "correct,", "correct inaccurate",
        "correction", "update your", "update or correct", "amend your", "edit your",
        "inaccurate", "up to date",
    ],
    "erasure": [
        "erasure", "delete your", "deletion", "erase", "right to be forgotten",
        "remove your", "or delete", "or remove", ", delete", "delete the",
    ],
    "restriction": ["restriction", "restrict the processing", "restrict processing",
                    "restrict our", "limit the processing", "restrict"],
    "objection": ["right to object", "object to", "objection"],
    "portability": ["portability", "portable", "machine-readable", "transmit those data"],
    "withdraw_consent": ["withdraw your consent", "withdraw consent", "withdraw",
                         "revoke your consent", "revoke consent", "withdrawal of consent"],
    "marketing_opt_out": [
        "unsubscribe", "opt out", "opt-out", "opt out of", "stop receiving",
        "unsubscribe link", "mailing list", "marketing emails", "promotional emails",
    ],
    "complaint": [
        "lodge a complaint", "file a complaint", "make a complaint", "complaint",
        "supervisory authority", "data protection authority", "regulatory authority",
        "escalate the complaint",
    ],
    "do_not_track": ["do not track", "do-not-track", "dnt"],
}

# Verb cues of practices (inflected with ``~``).
PRACTICES: dict[str, list[str]] = {
    "collect": ["collect~", "gather~", "obtain~", "receive~", "record~", "ask you to provide",
                "ask you for", "asked for", "asked to provide", "asked to give", "be asked",
                "requested to provide", "required to provide", "prompted to provide",
                "ask for your", "request your", "requests your"],
    "use": ["use~", "process~", "utilize~", "utilise~", "analyze~", "analyse~"],
    "share": ["share~", "disclose~", "provide it to", "provide your information to",
              "rent~", "trade~", "make available", "made available"],
    "sell": ["sell~", "sold"],
    "retain": ["retain~", "keep~", "kept", "store~", "hold~", "held"],
    "transfer": ["transfer~", "transferred", "transferring"],
    "track": ["track~", "cookies", "cookie", "web beacons", "do not track", "pixel tags"],
    "protect": ["protect~", "secure~", "encrypt~", "safeguard~"],
    "notify": ["notify~", "inform you", "post the", "update this", "change this", "changes to"],
    "grant": ["you can", "you may", "you have the right", "right to", "opt out", "opt-out",
              "unsubscribe", "request~", "choose~", "withdraw~"],
}

# Order used when a sentence carries several practice verbs (first wins).
PRACTICE_PRIORITY: tuple[str, ...] = (
    "sell", "share", "transfer", "retain", "collect", "track", "protect", "notify", "grant",
    "use",
)

NEGATIONS: list[str] = [
    "not", "never", "n't", "no", "neither", "nor", "without", "cannot", "unable",
    "does not", "do not", "will not", "won't", "don't", "doesn't", "nothing",
]

MODALITY: dict[str, list[str]] = {
    "may": ["may", "might", "can", "could"],
    "will": ["will", "shall", "would", "'ll"],
    "must": ["must", "required to", "have to", "has to", "obliged to", "obligated to"],
}

RETENTION_QUALIFIERS: dict[str, list[str]] = {
    "while_account_active": [
        "as long as your account", "while your account", "for as long as you have an account",
        "account is active", "account remains active", "as long as you use",
        "as long as you are a", "as long as you maintain", "account is open",
    ],
    "as_long_as_necessary": [
        "as long as necessary", "as long as is necessary", "as long as it is necessary",
        "as long as needed", "as long as reasonably necessary", "no longer than necessary",
        "no longer necessary", "no longer needed", "only as long as", "shortest period",
        "for the period necessary", "necessary to fulfil", "necessary to fulfill",
        "as long as required", "long as we need",
    ],
    "legal_requirement": [
        "required by law", "required or permitted by law", "permitted by law",
        "legal obligations", "legal obligation", "legal requirements",
        "retention period is required",
        "required by applicable law", "statutory",
    ],
    "after_account_closure": [
        "after account cancellation", "after you close your account", "after account closure",
        "after the closure", "after your account is closed", "after cancellation",
        "after you delete your account", "after account deletion", "after termination",
        "after you cancel", "account cancellation", "account closure", "account deletion",
        "close your account", "deactivate your account", "after deactivation",
    ],
    "after_completion": [
        "after order completion", "after completion", "after the transaction",
        "after the order", "after your last", "from the date of", "after the end of",
        "order completion", "since your last", "after collection",
    ],
    "indefinite": ["indefinitely", "indefinite", "permanently", "forever", "no time limit"],
}

# Phrases naming a storage/transfer location that is not one country.
ANY_COUNTRY: list[str] = [
    "outside of your state", "outside your state", "outside your province",
    "outside of your province", "governmental jurisdiction", "other jurisdictions",
    "outside your country of residence", "outside of your country of residence",
    "outside your home country", "in any country", "countries where we operate",
    "outside your country", "outside of your country", "outside your jurisdiction",
    "outside of your jurisdiction", "anywhere in the world", "other countries",
    "another country", "countries other than", "outside the country", "across borders",
    "overseas", "abroad", "around the world", "worldwide", "third countries", "third country",
    "outside the european economic area", "outside the eea", "outside of the eea",
    "outside the european union", "outside the eu", "outside of the european",
]

# Extra aliases for countries (lower-case alias -> ISO 3166-1 alpha-2).
COUNTRY_ALIASES: dict[str, str] = {
    "the united states": "US", "united states of america": "US", "the us": "US",
    "the u.s.": "US", "u.s.": "US", "usa": "US", "u.s.a.": "US", "america": "US",
    "the uk": "GB", "uk": "GB", "u.k.": "GB", "united kingdom": "GB", "great britain": "GB",
    "england": "GB", "britain": "GB", "the china": "CN", "china": "CN", "mainland china": "CN",
    "prc": "CN", "russia": "RU", "south korea": "KR", "korea": "KR", "hong kong": "HK",
    "taiwan": "TW", "vietnam": "VN", "iran": "IR", "the netherlands": "NL", "holland": "NL",
    "czech republic": "CZ", "ireland": "IE", "singapore": "SG",
}

# Words that make a named country a storage/transfer location.
LOCATION_CONTEXT: list[str] = [
    "server", "servers", "transfer~", "store~", "stored", "host~", "hosted", "process~",
    "located", "location", "data center", "data centers", "data centres", "outside",
    "reside", "international", "country", "countries", "cross-border",
]

CHILD_AGE_CONTEXT: list[str] = [
    "children", "child", "kids", "minors", "minor", "under the age", "under age", "age of",
    "years old", "years of age", "younger than", "coppa", "parent", "parental",
]
