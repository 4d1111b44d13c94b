/**
 * Event-loop turns, for answers that may be shared by the requests handled "at the same instant"
 * (small-files.ts, root-files.ts). Node's event loop: https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick
 */

let turn = 0;
let turnEnds = false;

/**
 * A number that changes from one event-loop turn to the next (bumped by a `setImmediate`, which
 * runs after the I/O callbacks of the current turn and their promise jobs).
 * @returns the current turn's number
 */
export function currentTurn(): number {
  if (!turnEnds) {
    turnEnds = true;
    setImmediate(() => {
      turn++;
      turnEnds = false;
    });
  }
  return turn;
}
