// Keeps the log panel scrolled to its end while the reader is at the end (scrolling up stops following), and
// tells the component when the panel is shown or hidden (its tab), so it follows only while it can be seen.
const panels = new WeakMap();
const slack = 40;

export function attach(panel, component) {
  if (!panel || panels.has(panel)) {
    return;
  }

  const state = { following: true, visible: false, observer: null, lastTop: 0 };
  panels.set(panel, state);
  // Lines arriving make the panel taller without moving it: only a move up (the reader) stops following.
  panel.addEventListener('scroll', () => {
    if (panel.scrollHeight - panel.scrollTop - panel.clientHeight < slack) {
      state.following = true;
    } else if (panel.scrollTop < state.lastTop - 2) {
      state.following = false;
    }

    state.lastTop = panel.scrollTop;
  }, { passive: true });
  state.observer = new ResizeObserver(() => {
    const visible = panel.offsetWidth > 0 && panel.offsetHeight > 0;
    if (visible !== state.visible) {
      state.visible = visible;
      component.invokeMethodAsync('OnVisibilityChanged', visible).catch(() => {});
    }
  });
  state.observer.observe(panel);
}

export function follow(panel) {
  const state = panel && panels.get(panel);
  if (state && state.following) {
    panel.scrollTop = panel.scrollHeight;
    state.lastTop = panel.scrollTop;
  }
}

export function scrollToEnd(panel) {
  const state = panel && panels.get(panel);
  if (state) {
    state.following = true;
  }

  if (panel) {
    panel.scrollTop = panel.scrollHeight;
  }
}

export function detach(panel) {
  const state = panel && panels.get(panel);
  if (state) {
    state.observer.disconnect();
    panels.delete(panel);
  }
}
