import fc from "fast-check";

// Property tests (fc.assert) run from a fixed seed unless told otherwise, so
// a run of the suite is repeatable: CI's answer does not depend on which
// random cases it drew, and a failure seen once is seen again. Exploring is
// a separate, deliberate act: FC_SEED=random draws new cases (that is how
// the round-trip bugs named in test/unit/postmortem-roundtrip were found),
// FC_SEED=<n> replays the seed a failure printed, and FC_RUNS=<n> draws
// more cases in the properties that do not set their own number.
const wanted = process.env.FC_SEED;
if (process.env.FC_RUNS) fc.configureGlobal({ ...fc.readConfigureGlobal(), numRuns: Number(process.env.FC_RUNS) });
if (wanted !== "random") {
  const seed = wanted ? Number(wanted) : 20261202;
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not "${wanted}"`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
