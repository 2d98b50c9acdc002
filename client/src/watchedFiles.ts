/** What the extension's file watcher reports to the server: attest.yaml, control and policy files in any
 * letter case (control files may end .YAML or .Yml, policies .MD or .markdown). VS Code's globs are
 * case-sensitive, hence the character classes. */
export const WATCHED_FILES = '**/*.{[yY][aA][mM][lL],[yY][mM][lL],[mM][dD],[mM][aA][rR][kK][dD][oO][wW][nN]}';
