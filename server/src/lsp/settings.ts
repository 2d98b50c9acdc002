/** Per-folder settings (section "attest"), with defaults for clients without workspace/configuration. */
export interface Settings {
  enable: boolean;
  maxProblems: number;
  trace: 'off' | 'messages' | 'verbose';
}

export const DEFAULT_SETTINGS: Settings = { enable: true, maxProblems: 100, trace: 'off' };

export function readSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const trace = (r.trace as Record<string, unknown> | undefined)?.server;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    maxProblems: typeof r.maxProblems === 'number' && r.maxProblems >= 0 ? Math.floor(r.maxProblems) : DEFAULT_SETTINGS.maxProblems,
    trace: trace === 'messages' || trace === 'verbose' ? trace : 'off',
  };
}
