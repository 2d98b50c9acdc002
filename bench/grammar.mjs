// How much the Attest injection grammar adds to tokenizing long lines of capitalised words and
// id-like tokens (the id patterns use lookbehinds of unbounded length, which Oniguruma retries
// from every earlier point of a line). Tried at every position they made such lines 15-20 times
// slower; gated by cheap checks first, about 3 times. Prints best-of-3 times and their ratio.
//   node bench/grammar.mjs [--lines N] [--runs N]
import { createTokenizer, miniGrammarFiles } from '../test/grammar/fixtures/textmate.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const LINES = opt('lines', 40);
const RUNS = opt('runs', 3);

const words = 'Lorem Ipsum Dolor, Sit Amet AB-1 CC6.1 POL-X '.repeat(25);
const text = Array.from({ length: LINES }, (_, i) => `key${i}: ${words}\n- ${words}`).join('\n');

/** Best of RUNS tokenizations of `text`, in ms, after one warm-up. */
async function best(tokenize) {
  await tokenize('source.yaml', 'warm: up');
  let ms = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await tokenize('source.yaml', text);
    ms = Math.min(ms, performance.now() - start);
  }
  return ms;
}

const without = await best(createTokenizer(miniGrammarFiles, { inject: false }));
const withIt = await best(createTokenizer(miniGrammarFiles));
console.log(`${LINES * 2} long lines: ${without.toFixed(0)} ms without the injection, ${withIt.toFixed(0)} ms with it (${(withIt / without).toFixed(1)}x)`);
