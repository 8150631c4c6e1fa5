/**
 * Holds one provider request, the first that `matches` once the gate is armed, until the test releases
 * it: the test can make something happen while that request is out at the provider. Used from a
 * harness's `fetch` wrapper: `await gate.pass(input, init)` waits there for the held request.
 */
export function requestGate(matches: (url: URL, init?: RequestInit) => boolean) {
  let reached!: () => void;
  let release!: () => void;
  const atGate = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let armed = false;
  return {
    arm(): void {
      armed = true;
    },
    /** Resolves once the held request is waiting. */
    atGate,
    release: (): void => release(),
    /** Waits at the gate if this is the request to hold; says whether it was. */
    async pass(input: RequestInfo | URL, init?: RequestInit): Promise<boolean> {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!armed || !matches(url, init)) return false;
      armed = false;
      reached();
      await released;
      return true;
    },
  };
}

/** A harness's `fetch` wrapper that holds, at each of `gates` in turn, the request it is armed for. */
export function throughGates(...gates: Array<ReturnType<typeof requestGate>>): (next: typeof fetch) => typeof fetch {
  return (next) => async (input, init) => {
    for (const gate of gates) await gate.pass(input, init);
    return next(input, init);
  };
}
