"""The entities a fact may need that no mention named: the government of a place that acts
(吉林省出台… : the province's government issues), and the body a title names by itself
(某某总书记: the Central Committee; 市长: the city's government). They are handed back as
data (`implied`), never written into the entities of the resolution stage."""
from __future__ import annotations

from kg.extract.resolve.home import province_standing_in
from kg.lexicon import Lexicon
from kg.model import Entity, Home, Resolved, entity_key


class Bodies:
    def __init__(self, lexicon: Lexicon, entities: dict[str, Entity], governments: dict[str, tuple[str, ...]],
                 home: Home, government_aliases):
        self.lexicon = lexicon
        self.entities = entities
        self.governments = governments
        self.home = home
        self.implied: dict[str, Entity] = {}
        self._government_aliases = government_aliases

    def _entity(self, key: str, label: str) -> Entity:
        if key not in self.implied:
            known = self.entities.get(key)
            self.implied[key] = Entity("Organization", known.label if known else label)
        return self.implied[key]

    def named(self, label: str, aliases=()) -> str:
        """The key of a body no mention named but a fact needs (the session's 主席团, the
        body a title names), kept among the implied entities with its other names."""
        key = entity_key("Organization", label)
        self._entity(key, label).aliases.update(aliases)
        return key

    def label(self, key: str) -> str:
        e = self.implied.get(key) or self.entities.get(key)
        return e.label if e else key.split(":", 1)[1].split("@")[0]

    def acting(self, r: Resolved, allowed: set[str]) -> str | None:
        """The entity a mention stands for in a slot: a division in an Organization slot is
        its government."""
        if r.type in allowed:
            return r.key
        if r.type == "Place" and r.government and "Organization" in allowed:
            e = self._entity(r.government, r.government.split(":", 1)[1])
            e.aliases.update(a for a in [*self.governments.get(r.government, ()), *self._government_aliases(e.label)]
                             if a != e.label)
            return r.government
        return None

    def of_title(self, title: str | None) -> str | None:
        """The body a title names by itself (title_organizations.yml), if any."""
        template = self.lexicon.title_default_organizations.get(title or "")
        if not template:
            return None
        if "{" in template:
            level = template.strip("{}")
            division = self.home.get(level) or self._province_as(level)
            if division is None:
                return None
            label = self.lexicon.full_place_name(division)
            aliases = set(self._government_aliases(label))
        else:
            label, aliases = template, set()
        return self.named(label, aliases)

    def _province_as(self, level: str):
        """市长 in 重庆: a province-level city is the city a title of its level names
        (organizations.yml own_place's or_province_ending)."""
        for rule in self.lexicon.organizations.get("own_place", {}).values():
            # not a county's title (区长 in an autonomous region is a district's head)
            if rule.get("level") == level != "county":
                province = province_standing_in(rule, self.home)
                if province is not None:
                    return province
        return None
