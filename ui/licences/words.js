// The words of licences screens, registered with the app's dictionary.
import { addWords } from "../i18n.js";
import en from "./words.en.js";
import fr from "./words.fr.js";

addWords(fr, en);
