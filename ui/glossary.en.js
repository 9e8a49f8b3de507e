// Plain words (see glossary.fr.js): a word a secretary or a parent would not
// understand, what Carnet says instead, and where it must never appear.
export default [
  ["pseudonymise", "without names or contact details", "screens"],
  ["legal hold", "keep this record (dispute, legal duty)", "screens"],
  ["deemed refused", "if we do not answer, you may turn to…", "screens"],
  ["data subject", "the person, the child", "screens"],
  ["processing register", "the list of our uses of information", "letters"],
  ["entered by", "(not printed: an internal column)", "letters"],
  ["basis:", "the reason in plain words", "letters"],
  ["restriction", "stop or reduce a use", "letters"],
  ["status", "(not printed: an internal column)", "letters"],
  ["v1", "the wording accepted on … (printed in full)", "letters"],
];
