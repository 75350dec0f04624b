/** Deletes Proton refuses wait for the other deletes of the same run, and fail once none could help. */
import { DeleteScheduler } from "./deletes";

class Refused extends Error {}
const refused = (e: unknown) => e instanceof Refused;

/** A delete whose outcome the test decides, attempt by attempt. */
function controlled() {
  const attempts: { settle: (refuse?: boolean) => void }[] = [];
  const attempt = () =>
    new Promise<void>((resolve, reject) =>
      attempts.push({ settle: (refuse) => (refuse ? reject(new Refused("in use")) : resolve()) }),
    );
  return { attempt, attempts };
}

const flush = () => new Promise((r) => setImmediate(r));

describe("DeleteScheduler", () => {
  it("retries a refused delete once another delete has settled", async () => {
    const scheduler = new DeleteScheduler();
    const template = controlled();
    const version = controlled();
    const deletingTemplate = scheduler.run(template.attempt, refused);
    const deletingVersion = scheduler.run(version.attempt, refused);
    await flush();
    template.attempts[0].settle(true); // still has versions: waits, the version's delete is running
    await flush();
    expect(template.attempts).toHaveLength(1);
    version.attempts[0].settle();
    await deletingVersion;
    await flush();
    expect(template.attempts).toHaveLength(2);
    template.attempts[1].settle();
    await expect(deletingTemplate).resolves.toBeUndefined();
  });

  it("fails a refused delete when nothing else is running that could unblock it", async () => {
    const scheduler = new DeleteScheduler();
    const alone = controlled();
    const deleting = scheduler.run(alone.attempt, refused);
    await flush();
    alone.attempts[0].settle(true);
    await expect(deleting).rejects.toThrow("in use");
  });

  it("fails at once on any other error, and wakes the deletes that waited for it", async () => {
    const scheduler = new DeleteScheduler();
    const blocked = controlled();
    const failing = controlled();
    const deletingBlocked = scheduler.run(blocked.attempt, refused);
    const deletingFailing = scheduler.run(failing.attempt, () => false);
    await flush();
    blocked.attempts[0].settle(true);
    await flush();
    failing.attempts[0].settle(true);
    await expect(deletingFailing).rejects.toThrow("in use");
    await flush();
    // Woken, tried again, refused again with nothing left running: it fails too, it does not hang.
    blocked.attempts[1].settle(true);
    await expect(deletingBlocked).rejects.toThrow("in use");
  });
});
