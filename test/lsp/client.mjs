// The LSP test client lives in test/helpers/lsp.mjs; this name stays for bench/soak.mjs.
export * from '../helpers/lsp.mjs';
