"""The demo comments on the demo wishes."""

# (wish title, author email, comment)
COMMENTS = [
    (
        "Tarification par saison dans Open Pro",
        "referent.manche@demo.example.org",
        "Même demande chez nous : nos 80 gîtes saisissent encore les dates une à une.",
    ),
    (
        "Tarification par saison dans Open Pro",
        "referent.finistere@demo.example.org",
        "Il faudrait aussi gérer les vacances scolaires par zone.",
    ),
    (
        "Passerelle Apidae vers Open Pro (descriptifs et photos)",
        "referent.drome@demo.example.org",
        "Indispensable pour nos nouveaux prestataires : c'est le premier frein à la mise en production.",
    ),
    (
        "Passerelle Apidae vers Open Pro (descriptifs et photos)",
        "editeur@demo.example.org",
        "Merci pour ces retours, nous étudions un import des photos en priorité.",
    ),
    (
        "Disponibilités Tourinsoft vers les fiches SIT",
        "referent.centre@demo.example.org",
        "Le CRT est prêt à tester dès qu'une version est disponible.",
    ),
    (
        "Bons cadeaux multi-prestataires à l'échelle du territoire",
        "referent.annecy@demo.example.org",
        "C'est la demande n°1 de nos prestataires avant Noël.",
    ),
    (
        "Calendrier public des activités du mois",
        "club@demo.example.org",
        "Le club ARA en a parlé à sa dernière réunion : forte attente.",
    ),
    (
        "Paiement en plusieurs fois",
        "referent.landes@demo.example.org",
        "Pour les locations à la semaine en été, ce serait un vrai plus.",
    ),
    (
        "Connecteur Décibelles Data",
        "referent.jura@demo.example.org",
        "Le Jura est volontaire pour la recette.",
    ),
    (
        "Copier une grille tarifaire d'une saison à la suivante",
        "referent.isere@demo.example.org",
        "Chaque automne, nos hébergeurs ressaisissent toute leur grille : un bouton « copier » leur ferait gagner des heures.",
    ),
    (
        "Modifier les prix en masse",
        "referent.drome@demo.example.org",
        "Utile aussi pour appliquer la hausse de la taxe de séjour d'un coup.",
    ),
    (
        "Liste d'attente sur les activités complètes",
        "referent.annecy@demo.example.org",
        "Les loueurs de paddle du lac nous le demandent chaque été.",
    ),
    (
        "Commission par distributeur dans Addock",
        "editeur@demo.example.org",
        "Nous étudions ce point avec la refonte des reversements prévue cette année.",
    ),
    (
        "Bons cadeaux à montant libre avec durée de validité",
        "referent.manche@demo.example.org",
        "Une validité d'un an minimum est demandée par nos restaurateurs.",
    ),
    (
        "Rapprochement automatique des identifiants SIT et Open Pro",
        "referent.finistere@demo.example.org",
        "Aujourd'hui le rapprochement se fait à la main dans un tableur, avec des erreurs.",
    ),
    (
        "Exports pour l'observatoire du tourisme",
        "referent.centre@demo.example.org",
        "L'observatoire régional a besoin des nuitées par commune et par mois.",
    ),
    (
        "E-mails de confirmation multilingues",
        "referent.landes@demo.example.org",
        "Au moins l'anglais, l'espagnol et l'allemand pour notre clientèle du littoral.",
    ),
    (
        "Vidéos de formation pour les prestataires",
        "club@demo.example.org",
        "Le club propose de partager les tutoriels déjà tournés par ses membres.",
    ),
    (
        "Tableau de bord des prestataires en attente de mise en production",
        "referent.jura@demo.example.org",
        "Nous suivons aujourd'hui une trentaine de dossiers dans un tableur partagé.",
    ),
    (
        "Paiement différé pour les groupes",
        "editeur@demo.example.org",
        "Réponse de l'éditeur : le paiement à 30 jours pour les groupes est à l'étude.",
    ),
]
