"""Common English given-name nicknames, so a search for "Bill" finds William and back.

Small on purpose: it covers the names that come up most in field work; the phonetic and
trigram matching catch the misspellings.
"""

GROUPS = [
    ["william", "bill", "billy", "will", "willie", "liam"],
    ["robert", "bob", "bobby", "rob", "robbie", "bert"],
    ["richard", "rick", "ricky", "dick", "rich", "richie"],
    ["jonathan", "jon", "john", "johnny", "jack", "nathan"],
    ["james", "jim", "jimmy", "jamie"],
    ["joseph", "joe", "joey"],
    ["michael", "mike", "mikey", "mick"],
    ["thomas", "tom", "tommy"],
    ["charles", "charlie", "chuck", "chas"],
    ["christopher", "chris", "kit", "topher"],
    ["daniel", "dan", "danny"],
    ["david", "dave", "davey"],
    ["edward", "ed", "eddie", "ted", "ned"],
    ["anthony", "tony"],
    ["andrew", "andy", "drew"],
    ["benjamin", "ben", "benny"],
    ["samuel", "sam", "sammy"],
    ["matthew", "matt"],
    ["nicholas", "nick", "nicky"],
    ["steven", "stephen", "steve", "stevie"],
    ["timothy", "tim", "timmy"],
    ["alexander", "alex", "al", "xander", "sandy"],
    ["gregory", "greg"],
    ["kenneth", "ken", "kenny"],
    ["lawrence", "larry"],
    ["raymond", "ray"],
    ["ronald", "ron", "ronnie"],
    ["donald", "don", "donnie"],
    ["francisco", "frank", "paco", "pancho"],
    ["francis", "frank", "frankie", "fran"],
    ["jose", "pepe", "joe"],
    ["elizabeth", "liz", "lizzie", "beth", "betty", "eliza", "betsy"],
    ["margaret", "maggie", "meg", "peggy", "marge"],
    ["katherine", "catherine", "kathryn", "kate", "katie", "kathy", "cathy", "kat"],
    ["jennifer", "jen", "jenny"],
    ["patricia", "pat", "patty", "trish"],
    ["patrick", "pat", "paddy"],
    ["deborah", "debra", "deb", "debbie"],
    ["rebecca", "becky", "becca"],
    ["susan", "sue", "suzy"],
    ["victoria", "vicky", "tori"],
    ["jessica", "jess", "jessie"],
    ["samantha", "sam", "sammie"],
    ["christine", "christina", "chris", "tina", "chrissy"],
    ["theresa", "teresa", "terry", "tess"],
    ["dorothy", "dot", "dottie"],
    ["abigail", "abby"],
    ["alexandra", "alex", "lexi", "sandra"],
    ["angela", "angie"],
    ["cynthia", "cindy"],
    ["kimberly", "kim"],
    ["pamela", "pam"],
    ["stephanie", "steph"],
]

NICKNAMES: dict[str, set[str]] = {}
for _group in GROUPS:
    for _name in _group:
        NICKNAMES.setdefault(_name, set()).update(n for n in _group if n != _name)


def name_variants(token: str) -> set[str]:
    return NICKNAMES.get(token.lower(), set())
