// Live progress of a solve: polls the job's JSON endpoint every second and fills in the figures.
(function () {
  function percent(x) { return x === null || x === undefined ? "–" : (100 * x).toFixed(2) + " %"; }
  function number(x) { return x === null || x === undefined ? "–" : Math.round(x).toLocaleString(); }
  function poll(box) {
    fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        box.querySelector("[data-field=state]").textContent = job.state_label;
        box.querySelector("[data-field=objective]").textContent = number(job.objective);
        box.querySelector("[data-field=bound]").textContent = number(job.bound);
        box.querySelector("[data-field=gap]").textContent = percent(job.gap);
        box.querySelector("[data-field=elapsed]").textContent = job.elapsed_s === null ? "–" : job.elapsed_s.toFixed(1);
        box.querySelector("[data-field=solutions]").textContent = job.solutions;
        var bar = box.querySelector(".progress span");
        if (bar && job.elapsed_s !== null) { bar.style.width = Math.min(100, 100 * job.elapsed_s / job.time_limit_s) + "%"; }
        if (job.finished) { window.location.reload(); return; }
        setTimeout(function () { poll(box); }, 1000);
      })
      .catch(function () { setTimeout(function () { poll(box); }, 3000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-url]").forEach(function (box) {
      if (box.dataset.finished !== "1") { poll(box); }
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
      });
    });
  });
})();
