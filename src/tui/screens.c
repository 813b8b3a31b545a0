/* SPDX-License-Identifier: MIT */
/* The screens, in the tab bar's order (enum ui_screen): one entry each. */
#include "tui/model.h"

extern const struct ui_screen_ops ui_screen_checklist, ui_screen_mistakes,
    ui_screen_rubric, ui_screen_reference, ui_screen_takeaways, ui_screen_study,
    ui_screen_history;

const struct ui_screen_ops *const ui_screens[SCR_COUNT] = {
    [SCR_CHECKLIST] = &ui_screen_checklist,
    [SCR_MISTAKES] = &ui_screen_mistakes,
    [SCR_RUBRIC] = &ui_screen_rubric,
    [SCR_REFERENCE] = &ui_screen_reference,
    [SCR_TAKEAWAYS] = &ui_screen_takeaways,
    [SCR_STUDY] = &ui_screen_study,
    [SCR_HISTORY] = &ui_screen_history,
};
