"""The vocabulary the synthetic data set is written from: products, categories, topics
and the words of a wish (DOMAIN.md, typical wishes), places, people's names, and the
share of each status.
"""

from app.demo import data
from app.models import WishStatus

PRODUCTS = [
    ("Open Pro", "open-pro"),
    ("Open System", "open-system"),
    ("Addock", "addock"),
    ("Passerelles SIT", "passerelles-sit"),
    ("Outils du référent", "outils-referent"),
]
# The demo data set's categories, so both data sets file wishes under the same headings.
CATEGORIES = data.CATEGORIES
# (product index, category index, needs)
TOPICS = [
    (
        0,
        0,
        [
            "Tarification par saison",
            "Copier une grille tarifaire d'une saison à la suivante",
            "Remise selon la durée du séjour",
            "Tarifs par tranche d'âge",
            "Promotions de dernière minute",
            "Promotion pour réservation anticipée",
            "Modification des prix en masse",
            "Tarifs spécifiques pour les groupes",
            "Suppléments optionnels facturés à la nuitée",
        ],
    ),
    (
        1,
        1,
        [
            "Calendrier mensuel public des activités",
            "Créneaux récurrents saisis une seule fois",
            "Capacité partagée entre les activités d'un site",
            "Liste d'attente sur les activités complètes",
            "Annulation automatique sous un minimum de participants",
            "Billetterie des visites guidées",
            "Réservation de créneaux horaires",
        ],
    ),
    (
        2,
        2,
        [
            "Vente de l'offre d'un prestataire voisin au comptoir de l'office",
            "Commission par distributeur",
            "Tableau de bord des reversements",
            "Bons cadeaux multi-prestataires à l'échelle du territoire",
            "Bons cadeaux à montant libre avec validité fixée",
            "Bons cadeaux PDF aux couleurs du territoire",
            "Utilisation partielle d'un bon cadeau",
        ],
    ),
    (
        3,
        3,
        [
            "Passerelle Apidae vers Open Pro pour les descriptifs et les photos",
            "Disponibilités Tourinsoft vers les fiches du SIT",
            "Connecteur Décibelles Data",
            "Liens de réservation dans les données DATAtourisme",
            "Rapprochement automatique des identifiants SIT et Open Pro",
            "Passerelle LEI pour les hébergements",
            "Synchronisation des photos avec le SIT",
        ],
    ),
    (
        1,
        4,
        [
            "Widget de réservation intégrable",
            "Paiement en plusieurs fois",
            "Paiement différé pour les groupes",
            "E-mails de confirmation multilingues",
            "Acompte configurable à la réservation",
            "Paiement par chèques vacances",
        ],
    ),
    (
        4,
        5,
        [
            "Tableau de bord des prestataires en attente de mise en ligne",
            "Vidéos de formation pour les prestataires",
            "Meilleure relation avec l'éditeur",
            "Guide de démarrage pour les nouveaux référents",
            "Relance automatique des prestataires inactifs",
        ],
    ),
    (
        4,
        6,
        [
            "Exports pour l'observatoire du tourisme",
            "Facturation électronique des commissions",
            "Statistiques de ventes par prestataire",
            "Export des réservations au format tableur",
            "Indicateurs de fréquentation par période",
        ],
    ),
]
AUDIENCES = [
    "pour les hébergements",
    "pour les campings",
    "pour les gîtes et chambres d'hôtes",
    "pour les activités de loisirs",
    "pour les sites de visite",
    "pour les offices de tourisme",
    "pour les restaurants",
    "pour les prestataires d'activités nautiques",
    "pour les stations de montagne",
    "pour les grands événements",
    "",
    "",
]
PLACES = [
    "du littoral",
    "de montagne",
    "de notre département",
    "de la vallée",
    "du massif",
    "de l'arrière-pays",
    "de la côte",
    "de nos villages",
]
OPENINGS = [
    "Les prestataires {place} nous demandent régulièrement cette évolution.",
    "Plusieurs prestataires {place} ont soulevé ce besoin lors du dernier atelier.",
    "C'est une demande récurrente des prestataires {place}.",
    "Nos référents constatent ce besoin chez les prestataires {place}.",
]
PROBLEMS = [
    "Aujourd'hui, la saisie se fait à la main et prend beaucoup de temps.",
    "Aujourd'hui, ils doivent passer par un tableur puis tout ressaisir.",
    "Sans cette fonction, certains prestataires renoncent à vendre en ligne.",
    "Les erreurs de saisie sont fréquentes en haute saison.",
    "Les concurrents proposent déjà cette possibilité.",
]
ASKS = [
    "Il faudrait pouvoir le paramétrer une fois pour toute la saison.",
    "L'idéal serait un réglage simple, par prestataire.",
    "Une première version simple suffirait dans un premier temps.",
    "Merci de l'envisager pour la prochaine feuille de route.",
    "Nous sommes prêts à tester une version en recette.",
]
COMMENTS = [
    "Même besoin chez nous, surtout en haute saison.",
    "Nos prestataires en parlent à chaque rencontre.",
    "Nous soutenons : c'est bloquant pour plusieurs hébergeurs.",
    "Est-ce prévu dans la feuille de route de l'an prochain ?",
    "Nous avons un contournement par tableur, mais ce n'est pas tenable.",
    "Attention à garder la saisie simple pour les petits prestataires.",
]
REGIONS = [
    ("Auvergne-Rhône-Alpes", ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73"]),
    ("Bourgogne-Franche-Comté", ["21", "25", "39", "58", "70", "71", "89", "90"]),
    ("Bretagne", ["22", "29", "35", "56"]),
    ("Centre-Val de Loire", ["18", "28", "36", "37", "41", "45"]),
    ("Grand Est", ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"]),
    ("Hauts-de-France", ["02", "59", "60", "62", "80"]),
    ("Normandie", ["14", "27", "50", "61", "76"]),
    ("Nouvelle-Aquitaine", ["16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86"]),
    ("Occitanie", ["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"]),
    ("Pays de la Loire", ["44", "49", "53", "72", "85"]),
    ("Provence-Alpes-Côte d'Azur", ["04", "05", "06", "13", "83", "84"]),
]
TOWNS = [
    "Saint-Martin",
    "Beaulieu",
    "Villeneuve",
    "Montfort",
    "Belvédère",
    "Rochefort",
    "Fontaine",
    "Valmont",
    "Clairvaux",
    "Mirebeau",
    "Roquebrune",
    "Bellegarde",
    "Castelnau",
    "Pontarlier",
    "Malestroit",
    "Aiguebelle",
]
SITS = ["Apidae", "Tourinsoft", "Décibelles Data", "LEI", "SIRTAQUI", None]
FIRST_NAMES = ["Camille", "Claire", "Julien", "Sophie", "Thomas", "Léa", "Nicolas", "Manon"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Girard", "Roux", "Fournier"]
ROADMAP_STATUSES = [
    ("considering", 3),
    ("planned", 3),
    ("in_progress", 2),
    ("in_testing", 1),
    ("shipped", 4),
    ("postponed", 1),
]
WISH_STATUSES = [
    (WishStatus.NEW, 60),
    (WishStatus.UNDER_REVIEW, 15),
    (WishStatus.ACCEPTED, 15),
    (WishStatus.DECLINED, 7),
    (WishStatus.DUPLICATE, 3),
]
