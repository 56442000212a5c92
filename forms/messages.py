"""Every message about bad answers, in translatable tables.

The engine returns a code and parameters; whoever shows the message translates the template
(`gettext(ANSWER_MESSAGES[code]) % params` in the web app) before filling it in.

`ANSWER_MESSAGES` name the question by its whole label: the score API and the command line, where
no field stands beside the message, and questions without a short label. `SHORT_MESSAGES` are the
house style of the pages: they say what to do, naming the question by its `short_label`
(`%(Short_label)s` is the same with a capital first letter); see `forms.question_messages`.
"""

from forms.i18n import N_

ANSWER_MESSAGES = {
    "unknown_question": N_("'%(question)s' is not a question of this questionnaire."),
    "required": N_("Answer '%(label)s': this question is required."),
    "not_an_option": N_("'%(value)s' is not one of the choices for '%(label)s'."),
    "one_choice_only": N_("Choose only one answer for '%(label)s'."),
    "exclusive_option": N_("'%(option)s' cannot be ticked with another answer to '%(label)s': untick one of them."),
    "too_long": N_("Your answer to '%(label)s' is %(length)d characters long; the limit is %(limit)d."),
    "not_text": N_("The answer to '%(label)s' must be text."),
    "not_an_object": N_("Answers must be an object mapping each question id to its answer."),
}

# By code, or by (code, question type) where the type changes what to do.
SHORT_MESSAGES = {
    ("required", "single"): N_("Select %(short_label)s"),
    ("required", "scale"): N_("Select %(short_label)s"),
    ("required", "multiple"): N_("Select at least one answer for %(short_label)s"),
    ("required", "text"): N_("Enter %(short_label)s"),
    ("required", "textarea"): N_("Enter %(short_label)s"),
    "not_an_option": N_("Select %(short_label)s from the answers shown"),
    "one_choice_only": N_("Select only one answer for %(short_label)s"),
    "exclusive_option": N_("Select '%(option)s' or other answers, not both"),
    "too_long": N_("%(Short_label)s must be %(limit)d characters or fewer"),
    "not_text": N_("Enter %(short_label)s as text"),
}
