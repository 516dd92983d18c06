"""The one statement of what the graph holds (SCHEMA.md): entity types, relation
properties and their signatures, their Chinese names, colours and shapes on the page, the
W3C ORG / schema.org / FOAF / PROV / SKOS terms they align with, and the table of
extractors (the rules and models a fact can come from). Every stage and export reads it
from here; kg/data/ontology/kg.ttl says the same in OWL, and a test checks they agree.
"""
from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------------------- entity types


@dataclass(frozen=True)
class EntityType:
    name: str        # the RDF class's local name
    chinese: str     # the name a reader sees on the page
    colour: str      # on the page and in the notebooks' figures
    shape: str       # vis-network's node shape
    aligned: tuple[str, ...]  # the classes of other vocabularies it is a subclass of
    priority: int    # when two candidate mentions of equal length overlap, the higher wins


ENTITY_TYPES_TABLE = (
    EntityType("Person", "人物", "#e4572e", "dot", ("schema:Person", "foaf:Person", "prov:Agent"), 5),
    EntityType("Organization", "机构", "#2e86ab", "square",
               ("org:Organization", "schema:Organization", "foaf:Organization", "prov:Agent"), 6),
    EntityType("Program", "项目", "#76b041", "triangle", ("schema:Project", "prov:Activity"), 7),
    EntityType("Meeting", "会议", "#f3a712", "diamond", ("schema:Event", "prov:Activity"), 8),
    EntityType("Document", "文件", "#8e6c8a", "hexagon", ("schema:CreativeWork", "foaf:Document", "prov:Entity"), 8),
    EntityType("Place", "地点", "#17bebb", "triangleDown", ("schema:Place", "prov:Location"), 4),
    EntityType("Concept", "提法", "#9e9e9e", "star", ("skos:Concept",), 2),
)
TYPES = {t.name: t for t in ENTITY_TYPES_TABLE}
ENTITY_TYPES = tuple(TYPES)  # in the order outputs list them
HEADLINE_TYPES = tuple(t for t in ENTITY_TYPES if t != "Concept")  # the entity F1 leaves Concept out
# A post in a person's mentions ("书记" before a name): not an entity, a mention type of its own.
TITLE = "Title"
TITLE_PRIORITY = 5
# A Concept (a quoted formula) with the label of a Program is that programme: in an article
# (every mention of the name) and across articles (their nodes merge).
FOLDS_INTO = {"Concept": "Program"}
# classes the RDF states besides the entity types
AUXILIARY_CLASSES = {"Position": ("org:Post",), "Article": ("schema:NewsArticle", "foaf:Document", "prov:Entity")}

# ---------------------------------------------------------------------------- relations


@dataclass(frozen=True)
class Property:
    name: str
    chinese: str
    subjects: frozenset[str]
    objects: frozenset[str]
    aligned: tuple[str, ...] = ()  # superproperties, same direction
    inverse: tuple[str, ...] = ()  # aligned properties in the other direction


def _p(name, chinese, subjects, objects, aligned=(), inverse=()):
    return Property(name, chinese, frozenset(subjects.split()), frozenset(objects.split()), aligned, inverse)


PROPERTIES_TABLE = (
    _p("holdsPosition", "任职", "Person", "Organization"),  # through a kg:Position node (org:holds, org:postIn)
    _p("presides", "主持", "Person", "Meeting", inverse=("schema:organizer",)),
    _p("attends", "出席", "Person", "Meeting", inverse=("schema:attendee",)),
    _p("convenes", "召开", "Organization", "Meeting", inverse=("schema:organizer",)),
    _p("heldIn", "举办地", "Meeting", "Place", aligned=("schema:location",)),
    _p("implements", "实施", "Organization", "Program"),
    _p("issues", "印发", "Organization", "Document", inverse=("schema:publisher",)),
    _p("adopts", "审议通过", "Meeting", "Document"),
    _p("proposes", "提出", "Person", "Document", inverse=("schema:creator",)),
    _p("repliesTo", "答复", "Organization", "Document"),
    _p("subOrganizationOf", "隶属", "Organization", "Organization", aligned=("org:subOrganizationOf",)),
    _p("locatedIn", "位于", "Organization Place Program", "Place", aligned=("schema:containedInPlace",)),
)
PROPERTIES = {p.name: p for p in PROPERTIES_TABLE}
# property → (subject types, object types)
RELATION_SIGNATURES = {p.name: (set(p.subjects), set(p.objects)) for p in PROPERTIES_TABLE}

# ---------------------------------------------------------------------------- RDF terms

KG_NS = "http://kg.example.org/ontology#"
DEFAULT_BASE = "http://kg.example.org/id/"
PREFIXES = {
    "kg": KG_NS, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/", "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/", "foaf": "http://xmlns.com/foaf/0.1/",
}


def aligned_classes(type_name: str) -> tuple[str, ...]:
    if type_name in TYPES:
        return TYPES[type_name].aligned
    return AUXILIARY_CLASSES.get(type_name, ())


# ---------------------------------------------------------------------------- extractors


@dataclass(frozen=True)
class Extractor:
    """A rule or model a mention or fact can come from, as provenance (kg:extractor) and as
    the flags later stages decide by. Their confidences are data (the
    `confidence` of each finder in kg/data/lexicon/grammar.yml, of each rule in relations.yml)."""

    name: str
    official: bool = False  # a body of the party, state or CPPCC: it acts in the news
    letter_title: bool = False  # the title of a letter (对…提案的答复): the article is that document
    body_grammar: bool = False  # a body by the grammar of official names: a national body's name may lead it
    named_unit: bool = False  # a body named before its party unit (…科学院党组): the name is its parent
    numbered_sitting: bool = False  # a numbered sitting (省十四届人大三次会议), named even inside a title
    titled: bool = False  # a 《titled》 document, which a meeting can be named after (《…》新闻发布会)

    @property
    def kind(self) -> str:
        """dictionary, grammar (mention finders), ner (models), rule (relation rules)."""
        return self.name.split(":", 1)[0]

    @property
    def model(self) -> bool:
        """A statistical model's span: its boundaries give way to the grammars'."""
        return self.kind == "ner"


EXTRACTORS = {e.name: e for e in (
    Extractor("dictionary:division"), Extractor("dictionary:region"), Extractor("dictionary:national", official=True),
    Extractor("dictionary:title"),
    Extractor("grammar:place-chain"), Extractor("grammar:place-local"), Extractor("grammar:town"),
    Extractor("grammar:organization", official=True, body_grammar=True),
    Extractor("grammar:cppcc-committee", official=True),
    Extractor("grammar:named-organization", named_unit=True), Extractor("grammar:periodical"),
    Extractor("grammar:session", numbered_sitting=True), Extractor("grammar:named-meeting"),
    Extractor("grammar:quoted-program"), Extractor("grammar:program-after-verb"), Extractor("grammar:program-work"),
    Extractor("grammar:listed-program"), Extractor("grammar:unquoted-program"), Extractor("grammar:quoted-formula"),
    Extractor("grammar:quoted-document"),
    Extractor("grammar:titled-document", titled=True), Extractor("grammar:article-document", letter_title=True),
    Extractor("grammar:body-document"), Extractor("grammar:adopted-document"),
    Extractor("grammar:title-person"), Extractor("grammar:person-title"), Extractor("grammar:byline"),
    Extractor("grammar:name-list"),
    Extractor("grammar:pronoun-government", official=True), Extractor("grammar:addressee"),
    Extractor("ner:lexical"), Extractor("ner:hanlp"),
)}


def own_flags(name: str) -> Extractor:
    """The flags of a mention's own finder; a derived mention (…+repeat, …+nesting) or a
    user's rule has none of them."""
    return EXTRACTORS.get(name) or Extractor(name)


def extractor(name: str) -> Extractor:
    """The extractor of a provenance name; derived names (grammar:organization+nesting,
    …+repeat, ner:…) take the flags of the rule they come from."""
    base = name.split("+", 1)[0]
    if base in EXTRACTORS:
        return EXTRACTORS[base]
    if base.startswith(("ner:", "rule:")):  # a backend or a relation rule of the user's
        return Extractor(base)
    raise KeyError(f"unknown extractor {name!r}")
