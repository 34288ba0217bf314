// Progress on stderr, only on a terminal: never in a pipe, a CI log, or mixed into -o json.
interface Progress {
  update(text: string): void;
  done(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function startProgress(enabled = Boolean(process.stderr.isTTY) && !process.env.CI): Progress {
  if (!enabled) return {update() {}, done() {}};
  let text = '';
  let i = 0;
  const draw = () => process.stderr.write(`\r\x1b[2K${FRAMES[i++ % FRAMES.length]} ${text}`);
  const timer = setInterval(draw, 100);
  timer.unref();
  return {
    update(t: string) {
      text = t;
      draw();
    },
    done() {
      clearInterval(timer);
      process.stderr.write('\r\x1b[2K');
    },
  };
}
