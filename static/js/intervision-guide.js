// A countdown per step of the intervision session guide (templates/intervision/session_guide.html).
// The page works without it; the button texts come from #guide-timer-texts (translated there).
(function () {
  "use strict";
  var texts = document.getElementById("guide-timer-texts");
  if (!texts) return;

  function format(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function button(label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button button--secondary";
    b.textContent = label;
    return b;
  }

  document.querySelectorAll(".guide-step[data-minutes]").forEach(function (step) {
    var box = step.querySelector(".guide-timer");
    if (!box) return;
    var total = parseInt(step.getAttribute("data-minutes"), 10) * 60;
    var left = total;
    var interval = null;

    var clock = document.createElement("span");
    clock.className = "guide-timer__clock";
    clock.setAttribute("role", "timer");
    clock.setAttribute("aria-label", texts.dataset.label);
    clock.textContent = format(left);
    var status = document.createElement("span");
    status.className = "guide-timer__status";
    status.setAttribute("aria-live", "polite");
    var start = button(texts.dataset.start);
    var reset = button(texts.dataset.reset);

    function stop() {
      clearInterval(interval);
      interval = null;
      start.textContent = texts.dataset.start;
    }
    function tick() {
      left -= 1;
      clock.textContent = format(Math.max(left, 0));
      if (left <= 0) {
        stop();
        box.classList.add("guide-timer--done");
        status.textContent = texts.dataset.done;
      }
    }
    start.addEventListener("click", function () {
      if (interval) { stop(); return; }
      if (left <= 0) return;
      interval = setInterval(tick, 1000);
      start.textContent = texts.dataset.pause;
    });
    reset.addEventListener("click", function () {
      stop();
      left = total;
      clock.textContent = format(left);
      status.textContent = "";
      box.classList.remove("guide-timer--done");
    });

    box.append(clock, start, reset, status);
    box.hidden = false;
  });
})();
