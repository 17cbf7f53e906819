// Strings of the sector forum's risk register, red-team, baseline and survey pages
// (forum_programmes.js): [Danish, English], merged into i18n.js.

export const PROGRAMME_STRINGS = {
};

export const PROGRAMME_TERMS = {
};
