"""Every message about bad answers, in one translatable table.

The engine returns a code and parameters; whoever shows the message translates the template
(`gettext(ANSWER_MESSAGES[code]) % params` in the web app) before filling it in.
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
