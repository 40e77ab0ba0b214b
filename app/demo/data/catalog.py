"""The demo catalogue: products of the marketplace and categories of wishes."""

PRODUCTS = [
    (
        "Open Pro",
        "open-pro",
        "Le back-office des prestataires : disponibilités, tarifs, conditions de vente.",
    ),
    (
        "Open System",
        "open-system",
        "La place de marché et la réservation en ligne de la destination.",
    ),
    ("Addock", "addock", "Distribution par les offices de tourisme et revendeurs, bons cadeaux."),
    (
        "Passerelles SIT",
        "passerelles-sit",
        "Les échanges avec les SIT : Apidae, Tourinsoft, Décibelles Data, LEI…",
    ),
    (
        "Outils du référent",
        "outils-referent",
        "Le tableau de bord et les outils des référents territoriaux.",
    ),
]

CATEGORIES = [
    ("Tarification", "tarification"),
    ("Activités et billetterie", "activites"),
    ("Bons cadeaux et distribution", "distribution"),
    ("Passerelles et données", "passerelles"),
    ("Réservation et paiement", "reservation-paiement"),
    ("Accompagnement et formation", "accompagnement"),
    ("Statistiques et exports", "statistiques"),
]
