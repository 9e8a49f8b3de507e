// Plain words. Each entry: a word a secretary or a parent would not understand, what
// Carnet says instead, and where it must never appear ("screens": on any screen and in
// any letter; "letters": in what a parent receives). The app's tests read this file
// and fail when a forbidden word comes back.
export default [
  ["trousseau", "le coffre à mots de passe de l’ordinateur", "screens"],
  ["pseudonymiser", "sans nom ni coordonnées", "screens"],
  ["finalité", "utilisation, but", "screens"],
  ["finalités", "utilisations, buts", "screens"],
  ["libellé", "texte, nom", "screens"],
  ["issue", "résultat", "screens"],
  ["clore", "fermer", "screens"],
  ["close", "fermée", "screens"],
  ["closes", "fermées", "screens"],
  ["conservation légale", "garder ce dossier (litige, obligation légale)", "screens"],
  ["fondement", "raison légale ; dans une lettre, la raison en mots simples", "screens"],
  ["réputée refusée", "sans réponse de notre part, vous pouvez vous adresser à…", "screens"],
  ["registre des traitements", "la liste de nos usages des renseignements", "letters"],
  ["saisi par", "(ne pas imprimer : c’est une colonne interne)", "letters"],
  ["limitation de son usage", "cesser un usage ou le réduire", "letters"],
  ["statut", "(ne pas imprimer : c’est une colonne interne)", "letters"],
  ["échéance", "(ne pas imprimer : c’est une colonne interne)", "letters"],
  ["v1", "le texte accepté le … (imprimé en entier)", "letters"],
];
