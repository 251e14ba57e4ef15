"""Generate a realistic, valid pracbase knowledge base of any size, for benchmarks.

    python scripts/generate.py --practices 10000 --out /tmp/gen-10000

The tree is a pure function of ``--practices`` and ``--seed``: the same arguments write
the same bytes. It holds N practices with French and English prose of the length of the
real records (a 2–3 sentence summary and a description of several paragraphs: about
2–4 KB per language), N/10 cities (at least 10) with coordinates in 30 countries, N/100
projects (at least 3), a framework per country, and only values from the taxonomy.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from pracbase.taxonomy import TAXONOMY

FORMAT_VERSION = "2"
"""Bumped whenever the generator's output changes, so cached trees are rebuilt."""

SOURCE_COUNT = 40
"""Source documents in a generated tree (``sources/source-1.yml``…)."""

# (country, UN M49 sub-region, latitude, longitude of a centre, spread in degrees)
COUNTRIES: list[tuple[str, str, float, float, float]] = [
    ("FR", "155", 46.6, 2.4, 3.0), ("BE", "155", 50.6, 4.6, 0.6), ("NL", "155", 52.2, 5.3, 0.7),
    ("DE", "155", 51.0, 10.0, 2.5), ("AT", "155", 47.6, 14.1, 1.0), ("CH", "155", 46.8, 8.2, 0.6),
    ("GB", "154", 53.0, -1.8, 2.0), ("SE", "154", 59.3, 16.0, 3.0), ("DK", "154", 56.0, 10.0, 0.8),
    ("FI", "154", 62.0, 25.0, 2.5), ("NO", "154", 61.0, 9.0, 3.0), ("ES", "039", 40.2, -3.7, 2.5),
    ("IT", "039", 42.8, 12.5, 2.5), ("PT", "039", 39.6, -8.0, 1.0), ("GR", "039", 39.0, 22.0, 1.5),
    ("MK", "039", 41.6, 21.7, 0.4), ("RS", "039", 44.0, 20.9, 0.8), ("PL", "151", 52.0, 19.4, 2.0),
    ("CZ", "151", 49.8, 15.5, 1.0), ("RO", "151", 45.9, 24.9, 1.8), ("SK", "151", 48.7, 19.7, 0.6),
    ("KE", "014", 0.2, 37.9, 2.0), ("UG", "014", 1.4, 32.3, 1.2), ("TN", "015", 34.0, 9.5, 1.2),
    ("MA", "015", 32.0, -6.8, 2.0), ("ZA", "018", -29.0, 25.0, 4.0), ("CA", "021", 49.0, -90.0, 15.0),
    ("US", "021", 39.0, -96.0, 10.0), ("BD", "034", 23.7, 90.3, 1.2), ("AU", "053", -33.0, 145.0, 6.0),
]
"""Where generated cities lie: the country's centre and how far cities spread around it."""

ONSETS = ["Val", "Mar", "Kes", "Bel", "Dor", "Lin", "Ros", "Tar", "Vel", "Gran", "Mont", "Lau", "Bren", "Sal",
          "Ost", "Kor", "Pel", "Tor", "Hal", "Fen", "Ard", "Cas", "Ner", "Zel", "Bar", "Ver", "Lom", "Sten",
          "Mir", "Olm", "Rav", "Tel", "Wes", "Aub", "Cor", "Dun"]
MIDDLES = ["", "a", "e", "i", "o", "en", "ar", "el", "or", "am"]
ENDINGS = ["mora", "burg", "ville", "stad", "ford", "heim", "ano", "ia", "ovo", "sk", "berg", "mouth", "court",
           "dal", "ec", "ica", "ara", "ton", "wick", "lund"]
FRENCH_ENDINGS = {"burg": "bourg", "stad": "stade", "mouth": "mouthe", "wick": "wick"}

ACTIVITIES: list[tuple[str, str]] = [
    ("des ateliers de dialogue", "dialogue workshops"),
    ("des groupes de parole pour les mères", "mothers' discussion groups"),
    ("des réunions de cas multi-agences", "multi-agency case meetings"),
    ("un accompagnement à la sortie de prison", "support on release from prison"),
    ("des formations pour les professionnels de première ligne", "training for frontline practitioners"),
    ("une cellule de veille sur la haine en ligne", "an online hate monitoring unit"),
    ("des tournois de football de quartier", "neighbourhood football tournaments"),
    ("un programme de mentorat pour les jeunes", "a youth mentoring programme"),
    ("des visites d'échange entre villes", "exchange visits between cities"),
    ("un conseil local de prévention", "a local prevention council"),
    ("des campagnes de contre-discours", "counter-narrative campaigns"),
    ("une médiation de quartier", "neighbourhood mediation"),
    ("un diagnostic local de sécurité", "a local safety audit"),
    ("des cafés citoyens", "citizens' cafés"),
    ("un soutien psychologique aux familles", "psychological support for families"),
    ("des parcours d'insertion professionnelle", "job-placement pathways"),
    ("des ateliers d'éducation aux médias", "media literacy workshops"),
    ("une plateforme interreligieuse", "an interfaith platform"),
    ("un protocole d'échange d'informations avec la police", "an information-sharing protocol with the police"),
    ("des résidences d'artistes dans les quartiers", "artist residencies in the neighbourhoods"),
    ("un centre d'accueil pour les réfugiés", "a reception centre for refugees"),
    ("une ligne d'écoute pour les proches", "a helpline for relatives"),
    ("des marches exploratoires dans l'espace public", "exploratory walks in public space"),
    ("un plan local contre le racisme", "a local plan against racism"),
    ("des débats dans les écoles", "debates in schools"),
    ("un réseau de médiateurs de rue", "a network of street mediators"),
    ("une équipe mobile de prévention", "a mobile prevention team"),
    ("des jeux sérieux sur la citoyenneté", "serious games on citizenship"),
    ("un fonds pour les associations de quartier", "a fund for neighbourhood associations"),
    ("des cercles de justice restaurative", "restorative justice circles"),
]
"""What practices do, as (French, English) noun phrases."""

OPENINGS: list[tuple[str, str]] = [
    ("Face à {concern}, {city} a lancé {activity} en {year}.",
     "Faced with {concern}, {city} launched {activity} in {year}."),
    ("Depuis {year}, {city} développe {activity} avec ses partenaires locaux.",
     "Since {year}, {city} has been developing {activity} with its local partners."),
    ("{city} a mis en place {activity} pour répondre à la montée de {concern}.",
     "{city} set up {activity} to respond to the rise of {concern}."),
]
CONTEXT: list[tuple[str, str]] = [
    ("Le diagnostic local réalisé en {year} avait montré une inquiétude croissante face à {concern}.",
     "The local assessment carried out in {year} had shown growing concern about {concern}."),
    ("Plusieurs incidents survenus dans les quartiers avaient fragilisé la confiance entre les habitants et les "
     "institutions.",
     "Several incidents in the neighbourhoods had weakened trust between residents and institutions."),
    ("Les services municipaux constataient que {group_lc} étaient peu touchés par les dispositifs existants.",
     "Municipal services noted that existing schemes hardly reached {group_lc}."),
    ("La ville compte environ {people} habitants et une population jeune, souvent éloignée de l'emploi.",
     "The city has about {people} inhabitants and a young population, often far from employment."),
    ("Les acteurs de terrain signalaient des discours de haine de plus en plus visibles, en ligne comme hors "
     "ligne.",
     "Frontline workers reported increasingly visible hate speech, both online and offline."),
    ("Le maire a fait de la prévention une priorité du mandat, avec un budget dédié.",
     "The mayor made prevention a priority of the term of office, with a dedicated budget."),
    ("Les partenaires partageaient le constat d'un manque de coordination entre les services.",
     "The partners shared the view that services lacked coordination."),
    ("Après l'attentat de {year}, la municipalité a voulu apaiser les tensions entre communautés.",
     "After the attack of {year}, the municipality wanted to calm tensions between communities."),
    ("L'arrivée de nombreux demandeurs d'asile avait suscité des manifestations hostiles.",
     "The arrival of many asylum seekers had sparked hostile demonstrations."),
    ("Des départs de jeunes vers des zones de conflit avaient alerté les écoles et les familles.",
     "Young people leaving for conflict zones had alarmed schools and families."),
    ("Des groupes d'extrême droite recrutaient dans les clubs de sport et sur les forums en ligne.",
     "Far-right groups were recruiting in sports clubs and on online forums."),
]
ACTION: list[tuple[str, str]] = [
    ("Le dispositif repose sur {activity}, organisés chaque mois dans plusieurs quartiers.",
     "The scheme relies on {activity}, held every month in several neighbourhoods."),
    ("Chaque situation individuelle est examinée par une équipe pluridisciplinaire qui propose un "
     "accompagnement adapté.",
     "Each individual case is reviewed by a multidisciplinary team that proposes suitable support."),
    ("Les professionnels ont suivi une formation de {days} jours sur les signes de radicalisation et sur le "
     "travail en réseau.",
     "Professionals took a {days}-day training course on the signs of radicalisation and on working in networks."),
    ("Un coordinateur municipal fait le lien entre les services, les associations et la police.",
     "A municipal coordinator links the services, the associations and the police."),
    ("Les activités s'adressent en priorité aux publics suivants : {groups}.",
     "The activities are aimed first at the following groups: {groups}."),
    ("Les participants sont orientés par les écoles, les travailleurs sociaux ou leurs proches.",
     "Participants are referred by schools, social workers or their relatives."),
    ("Des séances de suivi ont lieu trois mois puis six mois après la fin de l'accompagnement.",
     "Follow-up sessions take place three months and then six months after support ends."),
    ("Le programme met l'accent sur {theme_lc} et sur la participation des habitants.",
     "The programme focuses on {theme_lc} and on residents' participation."),
    ("Des entraîneurs de football et de boxe servent de relais auprès des adolescents du quartier.",
     "Football and boxing coaches act as go-betweens with the neighbourhood's teenagers."),
    ("Les imams, pasteurs et rabbins de la ville se rencontrent pour préparer des messages communs.",
     "The city's imams, pastors and rabbis meet to prepare joint messages."),
    ("Une application mobile permet de signaler anonymement les contenus haineux repérés sur les réseaux "
     "sociaux.",
     "A mobile app lets people anonymously report hateful content spotted on social media."),
    ("Les mères participent à dix séances sur la communication avec leurs enfants adolescents.",
     "Mothers take part in ten sessions on communicating with their teenage children."),
    ("Un conseiller en insertion rencontre chaque détenu avant sa libération pour préparer le logement et "
     "l'emploi.",
     "An integration adviser meets each prisoner before release to prepare housing and employment."),
    ("Des comédiens jouent dans les collèges une pièce sur le harcèlement et les rumeurs en ligne.",
     "Actors perform a play on bullying and online rumours in secondary schools."),
    ("Les bibliothèques municipales accueillent des débats sur la désinformation et les théories du complot.",
     "Municipal libraries host debates on disinformation and conspiracy theories."),
    ("Un psychologue clinicien reçoit les jeunes orientés par la cellule de veille.",
     "A clinical psychologist sees the young people referred by the monitoring unit."),
    ("Des urbanistes et des habitants redessinent ensemble une place jugée dangereuse.",
     "Urban planners and residents redesign together a square seen as unsafe."),
    ("Les employeurs locaux proposent des stages aux jeunes sortis du dispositif.",
     "Local employers offer internships to young people leaving the scheme."),
]
PARTNERS: list[tuple[str, str]] = [
    ("Le projet est porté par {actor}, en lien avec {actor2}.",
     "The project is run by {actor}, together with {actor2}."),
    ("{actor} assure le pilotage, tandis que {actor2} apporte son expertise de terrain.",
     "{actor} leads the work, while {actor2} brings its field expertise."),
    ("Un comité de suivi réunit {actor}, {actor2} et des représentants des habitants.",
     "A steering committee brings together {actor}, {actor2} and residents' representatives."),
    ("Les partenaires se réunissent tous les trimestres pour ajuster les actions.",
     "The partners meet every quarter to adjust the actions."),
]
RESULTS: list[tuple[str, str]] = [
    ("En {year2}, environ {count} personnes avaient participé aux activités.",
     "By {year2}, about {count} people had taken part in the activities."),
    ("Les partenaires estiment que la confiance entre les services et les familles s'est nettement améliorée.",
     "The partners consider that trust between services and families has clearly improved."),
    ("Aucune évaluation indépendante n'a encore été publiée, mais des indicateurs de suivi ont été définis.",
     "No independent evaluation has been published yet, but monitoring indicators have been defined."),
    ("Le nombre de signalements traités dans les délais a augmenté d'environ {percent} %.",
     "The number of referrals handled on time rose by about {percent}%."),
    ("Plusieurs villes voisines ont repris la démarche après une visite d'étude.",
     "Several neighbouring cities took up the approach after a study visit."),
]
LESSONS: list[tuple[str, str]] = [
    ("La principale leçon est qu'un tel travail exige du temps et une relation de confiance durable.",
     "The main lesson is that such work takes time and a lasting relationship of trust."),
    ("Les partenaires recommandent d'associer très tôt {group_lc} à la conception des activités.",
     "The partners recommend involving {group_lc} early in designing the activities."),
    ("Un mandat politique clair a été décisif pour mobiliser les services.",
     "A clear political mandate was decisive in mobilising the services."),
    ("Le partage d'informations doit être encadré par un protocole écrit et respecter la vie privée.",
     "Information sharing must be framed by a written protocol and respect privacy."),
    ("Le financement sur plusieurs années reste la condition pour pérenniser l'action.",
     "Funding over several years remains the condition for making the work last."),
    ("Voir aussi le [rapport d'activité]({url}) publié par la ville.",
     "See also the [activity report]({url}) published by the city."),
]
SECTIONS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("Le contexte.", "The context.", CONTEXT), ("Ce qui a été fait.", "What was done.", ACTION),
    ("Avec qui.", "With whom.", PARTNERS), ("Les résultats.", "Results.", RESULTS),
    ("Les leçons.", "Lessons.", LESSONS),
]
"""The paragraphs of a description, with their bold lead-in, in order."""

ACTOR_NAMES: dict[str, tuple[str, str]] = {
    "local-government": ("Ville de {fr}", "City of {en}"),
    "police": ("Police locale de {fr}", "{en} local police"),
    "prison-probation": ("Service pénitentiaire de {fr}", "{en} prison service"),
    "justice": ("Tribunal de {fr}", "{en} court"),
    "schools": ("Écoles de {fr}", "{en} schools"),
    "social-services": ("Services sociaux de {fr}", "{en} social services"),
    "health": ("Centre de santé mentale de {fr}", "{en} mental health centre"),
    "civil-society": ("Association Vivre ensemble à {fr}", "Living Together association in {en}"),
    "religious-organisations": ("Conseil des cultes de {fr}", "{en} council of faiths"),
    "youth-organisations": ("Maison des jeunes de {fr}", "{en} youth centre"),
    "private-sector": ("Chambre de commerce de {fr}", "{en} chamber of commerce"),
    "academia": ("Université de {fr}", "University of {en}"),
    "national-government": ("Ministère de l'Intérieur", "Ministry of the Interior"),
    "international-organisations": ("Organisation internationale pour les migrations",
                                    "International Organization for Migration"),
    "former-extremists": ("Réseau d'anciens extrémistes", "Network of former extremists"),
    "media": ("Radio locale de {fr}", "{en} local radio"),
    "sport-culture": ("Club sportif de {fr}", "{en} sports club"),
    "employment-services": ("Agence pour l'emploi de {fr}", "{en} employment agency"),
}
"""An organisation name per actor type, in French and English."""

SECTION_TITLES = ["Chapitre {n} – Pratiques locales", "Annexe – Fiche {n}", "Activités locales, fiche {n}",
                  "Partie {n} – Exemples de villes"]


@dataclass(frozen=True)
class City:
    """What the generator needs to know about a city it wrote."""

    id: str
    fr: str
    en: str
    country: str


def slug(text: str) -> str:
    """Lowercase ASCII kebab-case, as record ids are."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


class Generator:
    """Writes one knowledge base; every choice comes from one seeded random source."""

    def __init__(self, practices: int, seed: int = 0) -> None:
        self.n = practices
        self.rng = random.Random(seed)
        self.lineage_rng = random.Random(seed + 1)  # its own stream: the other records stay as they were
        self.cities: list[City] = []
        self.project_ids: list[str] = []
        self.today = date(2026, 11, 23)

    # --- small helpers --------------------------------------------------------------

    def pick(self, values: list[Any], low: int, high: int) -> list[Any]:
        """Between ``low`` and ``high`` distinct values, in the order of ``values``."""
        chosen = set(self.rng.sample(range(len(values)), self.rng.randint(low, min(high, len(values)))))
        return [v for i, v in enumerate(values) if i in chosen]

    def sources(self, count: int = 1) -> list[dict[str, Any]]:
        result = []
        for _ in range(count):
            source: dict[str, Any] = {"source": f"source-{self.rng.randint(1, SOURCE_COUNT)}",
                                      "section": self.rng.choice(SECTION_TITLES).format(n=self.rng.randint(1, 12))}
            if self.rng.random() < 0.5:
                source["page"] = self.rng.randint(2, 120)
            result.append(source)
        return result

    def labels(self, vocabulary: str, ids: list[str], lang: str) -> str:
        vocab = TAXONOMY.vocabularies[vocabulary]
        return ", ".join(vocab[i].label[lang].lower() for i in ids)

    # --- records --------------------------------------------------------------------

    def city_records(self) -> list[dict[str, Any]]:
        count = max(10, self.n // 10)
        names: set[str] = set()
        records = []
        for index in range(count):
            country, region, lat, lon, spread = COUNTRIES[index % len(COUNTRIES)]
            while True:
                onset, middle, ending = (self.rng.choice(ONSETS), self.rng.choice(MIDDLES), self.rng.choice(ENDINGS))
                name = onset + middle + ending
                if name in names:
                    name += self.rng.choice(["-Nord", "-Sud", "-Est", "-Ouest", "-Centre", "-le-Haut", "-sur-Mer"])
                if name not in names:
                    break
            names.add(name)
            fr = onset + middle + FRENCH_ENDINGS.get(ending, ending) + name[len(onset + middle + ending):]
            city = City(slug(name), fr, name, country)
            self.cities.append(city)
            record: dict[str, Any] = {
                "id": city.id, "original_language": "fr",
                "names": {"fr": fr, "en": name},
                "country": country, "region": region,
                "coordinates": {"lat": round(lat + self.rng.uniform(-spread, spread), 4),
                                "lon": round(lon + self.rng.uniform(-spread, spread), 4)},
                "kind": self.rng.choice(["city"] * 6 + ["municipality", "county", "region", "district"]),
            }
            if self.rng.random() < 0.4:
                record["networks"] = [{"network": "efus", "since": self.rng.randint(1990, 2022)}]
            if self.rng.random() < 0.3:
                record.setdefault("networks", []).append({"network": "strong-cities"})
            record["concerns"] = self.pick(TAXONOMY.concerns.ids, 1, 4)
            concern_fr = self.labels("concerns", record["concerns"][:1], "fr")
            concern_en = self.labels("concerns", record["concerns"][:1], "en")
            people = f"{self.rng.randint(20, 900) * 1000:,}"
            record["summary"] = {
                "fr": f"{fr} compte environ {people.replace(',', ' ')} habitants. La ville travaille sur la "
                      f"prévention depuis plusieurs années, avec une attention particulière à : {concern_fr}.",
                "en": f"{name} has about {people} inhabitants. The city has worked on prevention for several "
                      f"years, with particular attention to {concern_en}.",
            }
            record["sources"] = self.sources()
            record["last_reviewed"] = self.today
            records.append(record)
        return records

    def project_records(self) -> list[dict[str, Any]]:
        records = []
        acronyms: set[str] = set()
        for _ in range(max(3, self.n // 100)):
            while True:
                acronym = (self.rng.choice(ONSETS) + self.rng.choice(ENDINGS)).upper()[:8]
                if acronym not in acronyms:
                    break
                acronym = acronym[:6] + str(self.rng.randint(2, 9))
                if acronym not in acronyms:
                    break
            acronyms.add(acronym)
            start = self.rng.randint(2008, 2023)
            partners = self.rng.sample(self.cities, min(len(self.cities), self.rng.randint(3, 12)))
            activity_fr, activity_en = self.rng.choice(ACTIVITIES)
            paragraphs_fr, paragraphs_en = [], []
            for _paragraph in range(3):
                fr, en = self.sentences(CONTEXT + ACTION + RESULTS, 4, self.slots(partners[0]))
                paragraphs_fr.append(fr)
                paragraphs_en.append(en)
            record = {
                "id": slug(acronym), "original_language": "fr", "acronym": acronym,
                "name": {"fr": f"{acronym} – villes européennes pour {activity_fr}",
                         "en": f"{acronym} – European cities for {activity_en}"},
                "summary": {"fr": f"Projet européen qui a réuni {len(partners)} villes de {start} à {start + 2} "
                                  f"autour de {activity_fr}. Il a produit des outils et des visites d'échange.",
                            "en": f"EU project that brought together {len(partners)} cities from {start} to "
                                  f"{start + 2} around {activity_en}. It produced tools and exchange visits."},
                "description": {"fr": "\n\n".join(paragraphs_fr) + "\n", "en": "\n\n".join(paragraphs_en) + "\n"},
                "period": {"start": start, "end": start + 2},
                "coordinator": "Efus",
                "funder": {"fr": "Commission européenne", "en": "European Commission"},
                "partner_cities": [c.id for c in partners],
                "partner_organisations": ["Violence Prevention Network", "Fryshuset"],
                "sources": self.sources(),
                "last_reviewed": self.today,
            }
            self.project_ids.append(record["id"])
            records.append(record)
        return records

    def slots(self, city: City) -> dict[str, dict[str, str]]:
        """Values for the template slots, per language, for one practice or project."""
        actors = self.rng.sample(sorted(ACTOR_NAMES), 2)
        group = self.rng.choice(TAXONOMY.target_groups.ids)
        groups = self.pick(TAXONOMY.target_groups.ids, 1, 3)
        theme = self.rng.choice(TAXONOMY.themes.ids)
        concern = self.rng.choice(TAXONOMY.concerns.ids)
        year = self.rng.randint(2005, 2022)
        numbers = {"year": str(year), "year2": str(year + self.rng.randint(1, 4)),
                   "count": str(self.rng.randint(2, 90) * 10), "percent": str(self.rng.randint(5, 60)),
                   "days": str(self.rng.randint(2, 6)), "people": f"{self.rng.randint(20, 900)}000",
                   "url": f"https://example.org/{city.id}/rapport-{year}"}
        activity = self.rng.choice(ACTIVITIES)
        values = {}
        for index, lang in enumerate(("fr", "en")):
            name = city.fr if lang == "fr" else city.en
            values[lang] = {
                "city": name, "activity": activity[index],
                "actor": ACTOR_NAMES[actors[0]][index].format(fr=city.fr, en=city.en),
                "actor2": ACTOR_NAMES[actors[1]][index].format(fr=city.fr, en=city.en),
                "group_lc": TAXONOMY.target_groups[group].label[lang].lower(),
                "groups": self.labels("target_groups", groups, lang),
                "theme_lc": TAXONOMY.themes[theme].label[lang].lower(),
                "concern": TAXONOMY.concerns[concern].label[lang].lower(),
                **numbers,
            }
        return values

    def sentences(self, bank: list[tuple[str, str]], count: int,
                  slots: dict[str, dict[str, str]]) -> tuple[str, str]:
        chosen = self.rng.sample(bank, min(count, len(bank)))
        return (" ".join(fr.format(**slots["fr"]) for fr, _ in chosen),
                " ".join(en.format(**slots["en"]) for _, en in chosen))

    def practice_records(self) -> list[dict[str, Any]]:
        records = []
        ids: set[str] = set()
        for _ in range(self.n):
            cities = self.rng.sample(self.cities, 1 if self.rng.random() < 0.85 else self.rng.randint(2, 4))
            slots = self.slots(cities[0])
            fr_activity, en_activity = slots["fr"]["activity"], slots["en"]["activity"]
            base = slug(f"{cities[0].id} {en_activity.removeprefix('a ').removeprefix('an ')}")[:70].strip("-")
            record_id, suffix = base, 2
            while record_id in ids:
                record_id, suffix = f"{base}-{suffix}", suffix + 1
            ids.add(record_id)
            opening_fr, opening_en = self.sentences(OPENINGS, 1, slots)
            more_fr, more_en = self.sentences(ACTION + RESULTS, self.rng.randint(1, 2), slots)
            paragraphs_fr, paragraphs_en = [], []
            for lead_fr, lead_en, bank in SECTIONS:
                if bank is not CONTEXT and self.rng.random() < 0.2:
                    continue
                fr, en = self.sentences(bank, self.rng.randint(3, 5), slots)
                paragraphs_fr.append(f"**{lead_fr}** {fr}")
                paragraphs_en.append(f"**{lead_en}** {en}")
            themes = self.pick(TAXONOMY.themes.ids, 1, 4)
            actors = self.rng.sample(sorted(ACTOR_NAMES), self.rng.randint(1, 4))
            start = self.rng.choice([None, self.rng.randint(2005, 2022)])
            record: dict[str, Any] = {
                "id": record_id, "original_language": self.rng.choice(["fr"] * 4 + ["en"]),
                "short_entry": self.rng.random() < 0.05,
                "title": {"fr": f"{fr_activity[0].upper()}{fr_activity[1:]} à {cities[0].fr}",
                          "en": f"{en_activity[0].upper()}{en_activity[1:]} in {cities[0].en}"},
                "summary": {"fr": f"{opening_fr} {more_fr}", "en": f"{opening_en} {more_en}"},
                "description": {"fr": "\n\n".join(paragraphs_fr) + "\n", "en": "\n\n".join(paragraphs_en) + "\n"},
                "cities": [c.id for c in cities],
                "projects": self.rng.sample(self.project_ids, 1) if self.rng.random() < 0.3 else [],
                "levels": self.pick(TAXONOMY.levels.ids, 1, 2),
                "themes": themes,
                "concerns": self.pick(TAXONOMY.concerns.ids, 0, 3),
                "target_groups": self.pick(TAXONOMY.target_groups.ids, 1, 3),
                "actors": [{"name": {"fr": ACTOR_NAMES[a][0].format(fr=cities[0].fr, en=cities[0].en),
                                     "en": ACTOR_NAMES[a][1].format(fr=cities[0].fr, en=cities[0].en)},
                            "type": a} for a in actors],
                "period": {"start": start, "end": None if start is None or self.rng.random() < 0.5
                           else start + self.rng.randint(0, 5)},
                "status": self.rng.choice(TAXONOMY.statuses.ids),
                "evaluation": {"level": self.rng.choice(TAXONOMY.evidence_levels.ids)},
                "sources": self.sources(self.rng.randint(1, 2)),
                "last_reviewed": self.today,
            }
            if self.rng.random() < 0.2:
                record["links"] = [{"url": f"https://example.org/{record_id}",
                                    "label": {"fr": "Page du projet", "en": "Project page"}}]
            self.add_lineage(record, records)
            records.append(record)
        return records

    def add_lineage(self, record: dict[str, Any], earlier: list[dict[str, Any]]) -> None:
        """Some practices adapted from an earlier one (so never in a circle) or an outside model,
        some with results and lessons: the loader's lineage checks and the pages at scale."""
        rng = self.lineage_rng
        cited = [{"source": f"source-{rng.randint(1, SOURCE_COUNT)}", "section": f"Chapitre {rng.randint(1, 5)}"}]
        origins: list[dict[str, Any]] = []
        if earlier and rng.random() < 0.1:
            origins.append({"practice": rng.choice(earlier)["id"], "sources": [dict(s) for s in cited]})
        if rng.random() < 0.05:
            origins.append({"organisation": "Fryshuset – Exit Sweden",
                            "method": {"fr": "Méthodes d'Exit Suède", "en": "Exit Sweden's methods"},
                            "sources": [dict(s) for s in cited]})
        if origins:
            record["adapted_from"] = origins
        if rng.random() < 0.2:
            record["results"] = {"fr": "Quarante participants ont suivi le programme.\n",
                                 "en": "Forty participants took the programme.\n"}
            record["lessons"] = {"fr": "Associer les familles dès le début.\n",
                                 "en": "Involve families from the start.\n"}

    def framework_records(self) -> list[dict[str, Any]]:
        records = []
        for country, *_ in COUNTRIES[: max(1, min(len(COUNTRIES), self.n // 20))]:
            slots = self.slots(next(c for c in self.cities if c.country == country))
            fr, en = self.sentences(CONTEXT + ACTION, 5, slots)
            records.append({
                "id": f"{country.lower()}-local-prevention-mandate", "original_language": "fr", "country": country,
                "title": {"fr": f"Mandat local de prévention ({country})",
                          "en": f"Local prevention mandate ({country})"},
                "summary": {"fr": "La loi confie aux collectivités un rôle de coordination de la prévention.",
                            "en": "The law gives local authorities a role in coordinating prevention."},
                "description": {"fr": fr + "\n", "en": en + "\n"},
                "levels": ["primary"], "themes": ["strategy-mandate", "national-local"],
                "sources": self.sources(), "last_reviewed": self.today,
            })
        return records

    def records(self) -> dict[str, list[dict[str, Any]]]:
        """Every record, by folder (cities first: the others refer to them)."""
        cities = self.city_records()
        projects = self.project_records()
        return {"cities": cities, "projects": projects, "practices": self.practice_records(),
                "frameworks": self.framework_records(), "sources": self.source_records()}

    def source_records(self) -> list[dict[str, Any]]:
        """The documents the records cite: publications and web pages."""
        records = []
        for n in range(1, SOURCE_COUNT + 1):
            web = n % 2 == 0
            record: dict[str, Any] = {"id": f"source-{n}", "type": "web-page" if web else "publication",
                                      "language": "fr", "title": {"fr": f"Document {n}", "en": f"Document {n}"},
                                      "publisher": f"Organisation {n}", "year": 2000 + n % 25}
            if web:
                record |= {"consulted": self.today, "url": f"https://example.org/source-{n}"}
            records.append(record)
        return records


class _Dumper(yaml.CSafeDumper):
    """Writes records as people do: text blocks for paragraphs, short lists inline."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    short = all(not isinstance(v, dict | list) and len(str(v)) <= 60 and "\n" not in str(v) for v in value.values())
    flow = short and "source" not in value
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)


def dump(record: dict[str, Any]) -> str:
    """One record as YAML text."""
    return yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000,
                     default_flow_style=None)


def generate(practices: int, out: Path, seed: int = 0) -> dict[str, int]:
    """Write a knowledge base of ``practices`` practices into ``out`` (replaced); the count per folder."""
    if out.exists():
        shutil.rmtree(out)
    counts = {}
    for folder, records in Generator(practices, seed).records().items():
        (out / folder).mkdir(parents=True)
        for record in records:
            (out / folder / f"{record['id']}.yml").write_text(dump(record), encoding="utf-8")
        counts[folder] = len(records)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=1000, help="number of practices (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="target folder (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.practices < 1:
        parser.error("--practices must be at least 1")
    counts = generate(args.practices, args.out, args.seed)
    print(f"wrote {args.out}: " + ", ".join(f"{n} {folder}" for folder, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
