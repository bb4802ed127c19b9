// The log view of a service page. The lines live here, in the browser: the server sends them in batches and keeps
// none. The view renders only the rows in sight (fixed-height rows in a sized box), keeps the newest lines within the
// page's limits, holds new lines back while paused, follows the end while the reader is at the end (scrolling up
// stops following), and tells the component when the panel is shown or hidden (its tab), so it follows only while
// it can be seen. Text is only ever set as text, never as HTML.
const views = new WeakMap();
const rowHeight = 17;
const overscan = 10;
const slack = 40;

function lines() {
  return { texts: [], times: [], metas: [], start: 0, chars: 0, dropped: 0 };
}

function lineCount(store) {
  return store.texts.length - store.start;
}

function textLength(text) {
  if (typeof text === 'string') {
    return text.length;
  }

  let length = 0;
  for (let i = 1; i < text.length; i += 2) {
    length += text[i].length;
  }

  return length;
}

function push(store, text, time, meta, limits) {
  store.texts.push(text);
  store.times.push(time);
  store.metas.push(meta);
  store.chars += textLength(text);
  while (lineCount(store) > limits.maxLines || (store.chars > limits.maxChars && lineCount(store) > 1)) {
    store.chars -= textLength(store.texts[store.start]);
    store.texts[store.start] = store.times[store.start] = undefined;
    store.start++;
    store.dropped++;
  }

  // Dropped lines leave holes at the front: close them once they are half of the arrays.
  if (store.start > 4096 && store.start * 2 > store.texts.length) {
    store.texts = store.texts.slice(store.start);
    store.times = store.times.slice(store.start);
    store.metas = store.metas.slice(store.start);
    store.start = 0;
  }
}

function counts(view) {
  return [lineCount(view.shown), view.shown.dropped + view.waiting.dropped, lineCount(view.waiting)];
}

export function attach(panel, component, maxLines, maxChars) {
  if (!panel || views.has(panel)) {
    return;
  }

  const note = document.createElement('div');
  note.className = 'log-note';
  const sizer = document.createElement('div');
  sizer.className = 'log-sizer';
  const rows = document.createElement('div');
  rows.className = 'log-rows';
  sizer.append(rows);
  panel.replaceChildren(note, sizer);
  const view = {
    panel, note, sizer, rows, component, limits: { maxLines, maxChars }, shown: lines(), waiting: lines(),
    replicas: [], colours: [], paused: false, timestamps: true, following: true, visible: false, lastTop: 0, frame: 0,
  };
  views.set(panel, view);
  // Lines arriving make the panel taller without moving it: only a move up (the reader) stops following.
  panel.addEventListener('scroll', () => {
    if (panel.scrollHeight - panel.scrollTop - panel.clientHeight < slack) {
      view.following = true;
    } else if (panel.scrollTop < view.lastTop - 2) {
      view.following = false;
    }

    view.lastTop = panel.scrollTop;
    schedule(view);
  }, { passive: true });
  view.observer = new ResizeObserver(() => {
    const visible = panel.offsetWidth > 0 && panel.offsetHeight > 0;
    if (visible !== view.visible) {
      view.visible = visible;
      component.invokeMethodAsync('OnVisibilityChanged', visible).catch(() => {});
    }

    schedule(view);
  });
  view.observer.observe(panel);
}

// Changes the panel's view (when it is attached) and answers the counts: [lines shown, lines dropped, lines held back].
function update(panel, change) {
  const view = views.get(panel);
  if (!view) {
    return [0, 0, 0];
  }

  change(view);
  return counts(view);
}

/** Empties the view (and the lines held back), with the text it shows while it has no line. */
export function reset(panel, emptyText, paused) {
  return update(panel, view => {
    view.shown = lines();
    view.waiting = lines();
    view.note.textContent = emptyText;
    view.paused = paused;
    view.following = true;
    schedule(view);
  });
}

/**
 * Adds a batch from the server: { r: replica names, c: their colours, l: lines }, each line [replica index in r,
 * 1 for stderr, time (ISO 8601, UTC), text], the text a string or [class, text, class, text...] (class null: plain).
 */
export function append(panel, batch) {
  return update(panel, view => {
    const replicas = batch.r.map((name, i) => {
      let index = view.replicas.indexOf(name);
      if (index < 0) {
        index = view.replicas.push(name) - 1;
        view.colours.push(batch.c[i]);
      }

      return index;
    });
    const store = view.paused ? view.waiting : view.shown;
    for (const [replica, stderr, time, text] of batch.l) {
      push(store, text, time, replicas[replica] * 2 + stderr, view.limits);
    }

    if (!view.paused) {
      schedule(view);
    }
  });
}

/** Pauses (new lines are held back) or resumes (they are shown). */
export function setPaused(panel, paused) {
  return update(panel, view => {
    if (view.paused && !paused) {
      const { waiting } = view;
      for (let i = waiting.start; i < waiting.texts.length; i++) {
        push(view.shown, waiting.texts[i], waiting.times[i], waiting.metas[i], view.limits);
      }

      view.shown.dropped += waiting.dropped;
      view.waiting = lines();
      schedule(view);
    }

    view.paused = paused;
  });
}

/** Shows or hides the times of the lines. */
export function setTimestamps(panel, on) {
  return update(panel, view => {
    view.timestamps = on;
    schedule(view);
  });
}

export function scrollToEnd(panel) {
  return update(panel, view => {
    view.following = true;
    panel.scrollTop = panel.scrollHeight;
    schedule(view);
  });
}

export function detach(panel) {
  const view = views.get(panel);
  if (view) {
    view.observer.disconnect();
    cancelAnimationFrame(view.frame);
    views.delete(panel);
  }
}

function schedule(view) {
  if (!view.frame) {
    view.frame = requestAnimationFrame(() => render(view));
  }
}

function render(view) {
  view.frame = 0;
  const { panel, note, sizer, rows, shown } = view;
  const count = lineCount(shown);
  note.hidden = count > 0;
  sizer.style.height = `${count * rowHeight}px`;
  if (view.following && count > 0) {
    panel.scrollTop = panel.scrollHeight;
    view.lastTop = panel.scrollTop;
  }

  const top = Math.max(0, panel.scrollTop - sizer.offsetTop);
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((top + panel.clientHeight) / rowHeight) + overscan);
  rows.style.transform = `translateY(${first * rowHeight}px)`;
  const fragment = document.createDocumentFragment();
  for (let i = first; i < last; i++) {
    fragment.append(row(view, shown.start + i));
  }

  rows.replaceChildren(fragment);
}

function row(view, index) {
  const { texts, times, metas } = view.shown;
  const meta = metas[index];
  const line = document.createElement('div');
  line.className = meta & 1 ? 'log-line log-stderr' : 'log-line';
  const replica = document.createElement('span');
  replica.className = 'log-replica';
  replica.style.color = view.colours[meta >> 1];
  replica.textContent = view.replicas[meta >> 1];
  line.append(replica);
  if (view.timestamps) {
    const time = document.createElement('span');
    time.className = 'log-time';
    time.title = times[index];
    time.textContent = `${times[index].slice(0, 10)} ${times[index].slice(11, 23)}`;
    line.append(time);
  }

  const text = document.createElement('span');
  text.className = 'log-text';
  const spans = texts[index];
  if (typeof spans === 'string') {
    text.textContent = spans;
  } else {
    for (let i = 0; i < spans.length; i += 2) {
      if (spans[i] === null) {
        text.append(spans[i + 1]);
      } else {
        const span = document.createElement('span');
        span.className = spans[i];
        span.textContent = spans[i + 1];
        text.append(span);
      }
    }
  }

  line.append(text);
  return line;
}
