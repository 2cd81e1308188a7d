// Stub code for functions synthesized with `-c journeys:bundling=false` (tests, graphs, synth before the
// handlers exist). Such a template is for inspection, not for deployment: every invocation fails loudly.
export const handler = async () => {
  throw new Error(`${process.env.JOURNEYS_FUNCTION ?? 'this function'} was synthesized without bundling (journeys:bundling=false); deploy a bundled build`);
};
