// Keeps a log panel scrolled to its end while the reader is at the end; scrolling up stops following.
const followers = new WeakMap();
const slack = 48;

export function attach(panel) {
  if (!panel || followers.has(panel)) {
    return;
  }

  const state = { following: true };
  followers.set(panel, state);
  panel.addEventListener('scroll', () => {
    state.following = panel.scrollHeight - panel.scrollTop - panel.clientHeight < slack;
  }, { passive: true });
}

export function follow(panel) {
  const state = panel && followers.get(panel);
  if (state && state.following) {
    panel.scrollTop = panel.scrollHeight;
  }
}

export function scrollToEnd(panel) {
  const state = panel && followers.get(panel);
  if (state) {
    state.following = true;
  }

  if (panel) {
    panel.scrollTop = panel.scrollHeight;
  }
}
