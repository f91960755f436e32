// Charts drawn from the table of numbers beside each one (templates/insights/_chart.html), with the
// Chart.js shipped in static/vendor/chartjs: the table is what screen readers and people who
// want the exact figures read; the chart is the same numbers at a glance.
//
// <figure data-chart>            a chart
//   <table> thead th[data-series="bar|line"][data-axis="share"]   one dataset per column
//           tbody tr > th (the label) + td[data-value] (the number; empty: no value)
(function () {
  "use strict";
  if (typeof window.Chart !== "function") return;
  const root = document.documentElement;
  const rtl = root.dir === "rtl";
  // Arabic keeps the Latin digits of the team's pages (portal/i18n/formatting.py does the same).
  const locale = (root.lang || "en") + "-u-nu-latn";
  const style = getComputedStyle(root);
  const palette = ["--chart-1", "--chart-2", "--chart-3"].map((name) => style.getPropertyValue(name).trim() || "#3f51b5");
  const ink = style.getPropertyValue("--muted").trim() || "#5b6474";
  const share = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });

  function value(cell) {
    const raw = cell ? cell.dataset.value : "";
    return raw === undefined || raw === "" ? null : Number(raw);
  }

  function draw(figure) {
    const table = figure.querySelector("table");
    if (!table) return;
    const heads = Array.from(table.querySelectorAll("thead th[data-series]"));
    const rows = Array.from(table.querySelectorAll("tbody tr"));
    if (!heads.length || !rows.length) return;
    const columnOf = (th) => Array.from(th.parentElement.children).indexOf(th);
    const labels = rows.map((row) => row.children[0].textContent.trim());
    // One axis per kind of number: counts (the default), shares (0…1) and durations.
    const axes = [];
    const datasets = heads.map((th, i) => {
      const column = columnOf(th);
      const axis = th.dataset.axis || "count";
      if (!axes.includes(axis)) axes.push(axis);
      return {
        type: th.dataset.series === "line" ? "line" : "bar",
        label: th.textContent.trim(),
        data: rows.map((row) => value(row.children[column])),
        yAxisID: axis,
        backgroundColor: palette[i % palette.length],
        borderColor: palette[i % palette.length],
        borderWidth: th.dataset.series === "line" ? 2 : 0,
        pointRadius: 2,
        spanGaps: true,
        order: th.dataset.series === "line" ? 0 : 1,
      };
    });
    const scales = { x: { reverse: rtl, ticks: { color: ink, autoSkip: true, maxRotation: 0 }, grid: { display: false } } };
    axes.forEach((axis, index) => {
      const first = index === 0;
      scales[axis] = {
        position: first === !rtl ? "left" : "right",
        beginAtZero: true,
        grid: { display: first },
        ticks: axis === "share"
          ? { color: ink, callback: (v) => share.format(v) }
          : { color: ink, precision: axis === "count" ? 0 : undefined, callback: (v) => number.format(v) },
      };
      if (axis === "share") scales[axis].suggestedMax = 1;
    });
    const holder = document.createElement("div");
    holder.className = "chart-canvas";
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    const caption = figure.querySelector("figcaption");
    canvas.setAttribute("aria-label", caption ? caption.textContent.trim() : "");
    holder.appendChild(canvas);
    figure.insertBefore(holder, table.closest("details") || table);
    new window.Chart(canvas, {
      data: { labels, datasets },
      options: {
        locale, animation: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales,
        plugins: {
          legend: { display: datasets.length > 1, rtl, labels: { color: ink } },
          tooltip: {
            rtl,
            callbacks: {
              label: (item) => item.dataset.label + ": " + (item.dataset.yAxisID === "share"
                ? share.format(item.raw) : number.format(item.raw)),
            },
          },
        },
      },
    });
    figure.dataset.drawn = "1";
  }

  document.querySelectorAll("figure[data-chart]").forEach(draw);
})();
