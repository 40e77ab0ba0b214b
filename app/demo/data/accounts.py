"""The demo accounts: fictional people, one per role, and their shared password."""

DEMO_PASSWORD = "souhaits-demo"

# email, display name, role, territory slug, club slug
USERS = [
    ("admin@demo.example.org", "Alix Administratrice", "admin", None, None),
    ("editeur@demo.example.org", "Bastien Fictif (Alliance Réseaux)", "vendor", None, None),
    ("referent.drome@demo.example.org", "Claire Fictive (Drôme)", "referent", "drome", None),
    ("referent.manche@demo.example.org", "Damien Fictif (Manche)", "referent", "manche", None),
    ("referent.annecy@demo.example.org", "Élodie Fictive (Annecy)", "referent", "lac-annecy", None),
    (
        "referent.centre@demo.example.org",
        "François Fictif (Centre-Val de Loire)",
        "referent",
        "crt-centre-val-de-loire",
        None,
    ),
    (
        "referent.finistere@demo.example.org",
        "Gaëlle Fictive (Finistère)",
        "referent",
        "finistere",
        None,
    ),
    ("referent.isere@demo.example.org", "Hugo Fictif (Isère)", "referent", "isere", None),
    ("referent.landes@demo.example.org", "Inès Fictive (Landes)", "referent", "landes", None),
    ("referent.jura@demo.example.org", "Julien Fictif (Jura)", "referent", "jura", None),
    ("club@demo.example.org", "Karine Fictive (club ARA)", "club_member", "lac-annecy", "club-ara"),
    ("visiteur@demo.example.org", "Louis Visiteur", "visitor", None, None),
]
