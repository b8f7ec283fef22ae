/**
 * The widget for each question type, by the type's name in the case file.
 * Adding a question type means adding its module here (and in exercises/).
 */

import * as single_choice from "./single_choice.mjs";
import * as multiple_choice from "./multiple_choice.mjs";
import * as ordering from "./ordering.mjs";
import * as classify from "./classify.mjs";
import * as numeric from "./numeric.mjs";
import * as annotate from "./annotate.mjs";
import * as text from "./text.mjs";

export const WIDGETS = Object.freeze({ single_choice, multiple_choice, ordering, classify, numeric, annotate, text });
