/* warta dashboard: the regions of the facts as Leaflet markers (Leaflet served by datasette-leaflet). */
(function () {
  "use strict";
  var box = document.getElementById("warta-map");
  var data = document.getElementById("warta-markers");
  if (!box || !data) { return; }
  var markers = JSON.parse(data.textContent);
  /* datasette-leaflet ships Leaflet as an ES module, as datasette-cluster-map loads it. */
  import(box.dataset.leaflet).then(function (module) {
    var L = window.L || module;
    L.Icon.Default.imagePath = box.dataset.leaflet.replace(/[^/]*$/, "images/");
    var map = L.map(box);
    L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18, attribution: "&copy; OpenStreetMap contributors"
    }).addTo(map);
    var bounds = [];
    markers.forEach(function (m) {
      var link = box.dataset.factsUrl + "?region=" + encodeURIComponent(m.region);
      var popup = document.createElement("div");
      var title = document.createElement("a");
      title.href = link;
      title.textContent = m.region + " (" + m.province + ")";
      popup.appendChild(title);
      var counts = document.createElement("p");
      counts.textContent = m.facts + " facts in " + m.articles + " articles: " + m.worker_counts + " worker counts, " +
        m.budgets + " budgets, " + m.percentages + " percentages, " + m.officials + " officials, " + m.programs + " programs";
      popup.appendChild(counts);
      L.marker([m.latitude, m.longitude], {title: m.region}).bindPopup(popup).addTo(map);
      bounds.push([m.latitude, m.longitude]);
    });
    if (bounds.length) { map.fitBounds(bounds, {maxZoom: 9, padding: [30, 30]}); } else { map.setView([-2.5, 118], 4); }
  });
})();
