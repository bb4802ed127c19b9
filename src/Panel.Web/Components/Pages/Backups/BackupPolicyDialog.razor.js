// The browser's IANA time zone, the default of a new backup schedule.
export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
