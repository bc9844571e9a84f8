/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
 *
 * Pagination of the SAKIP printed documents for wkhtmltopdf built on unpatched
 * Qt, which neither repeats table headers on new pages nor prints header/footer
 * HTML. Inlined in the reports (no asset bundle, no HTTP request), ES5 only.
 *
 * A document (.sakip-doc) carries the printable area in CSS pixels
 * (data-page-width, data-page-height). Each .sakip-sheet starts a new page.
 * Its children are laid out page by page: a table.sakip-split is cut between
 * rows where a page ends, the rest continuing in a copy of the table on the
 * next page with the same header (cells spanning rows across the cut are split
 * too; the rows on either side of the cut get the classes sakip-break-after
 * and sakip-break-before); any other child that would cross the end of a page
 * moves to the next. A .sakip-tail (the last rows of a table, its total and
 * the signatures, kept together) that moves shows its own copy of the table's
 * header.
 */
(function () {
    "use strict";

    function top(el) {
        return el.getBoundingClientRect().top + window.pageYOffset;
    }

    function bottom(el) {
        return el.getBoundingClientRect().bottom + window.pageYOffset;
    }

    function breakBefore(el) {
        var mark = document.createElement("div");
        mark.className = "sakip-page-break";
        el.parentNode.insertBefore(mark, el);
        return top(el);
    }

    function bodyRows(table) {
        var rows = [];
        for (var b = 0; b < table.tBodies.length; b++) {
            var tbodyRows = table.tBodies[b].rows;
            for (var r = 0; r < tbodyRows.length; r++) {
                rows.push(tbodyRows[r]);
            }
        }
        return rows;
    }

    /* Cells of earlier rows spanning over rows[cut] stop before it; copies of
     * them continue in rows[cut], at the front (spanning cells are the first
     * columns of the row that opens a group). */
    function splitSpans(rows, cut) {
        var copies = [];
        for (var r = 0; r < cut; r++) {
            var cells = rows[r].cells;
            for (var c = 0; c < cells.length; c++) {
                var span = cells[c].rowSpan;
                if (span > 1 && r + span > cut) {
                    var copy = cells[c].cloneNode(true);
                    copy.rowSpan = r + span - cut;
                    cells[c].rowSpan = cut - r;
                    copies.push(copy);
                }
            }
        }
        for (var i = copies.length - 1; i >= 0; i--) {
            rows[cut].insertBefore(copies[i], rows[cut].firstChild);
        }
    }

    function splitTable(table, pageTop, height) {
        for (;;) {
            var rows = bodyRows(table);
            var cut = -1;
            for (var r = 0; r < rows.length; r++) {
                if (bottom(rows[r]) - pageTop > height) {
                    cut = r;
                    break;
                }
            }
            if (cut < 0) {
                return pageTop;
            }
            if (cut === 0) {
                if (top(table) <= pageTop + 1) {
                    // the first row alone is taller than a page: let it flow
                    return pageTop + height;
                }
                // not even the header and one row fit: the table starts on the next page
                pageTop = breakBefore(table);
                continue;
            }
            splitSpans(rows, cut);
            // rows on either side of a cut, for what they print there
            // (the off-page connectors of the SOP sheet's flowchart)
            rows[cut - 1].className += " sakip-break-after";
            rows[cut].className += " sakip-break-before";
            var next = table.cloneNode(false);
            var cols = table.getElementsByTagName("colgroup");
            for (var g = 0; g < cols.length; g++) {
                next.appendChild(cols[g].cloneNode(true));
            }
            if (table.tHead) {
                next.appendChild(table.tHead.cloneNode(true));
            }
            var tbody = document.createElement("tbody");
            next.appendChild(tbody);
            for (var m = cut; m < rows.length; m++) {
                tbody.appendChild(rows[m]);
            }
            if (table.tFoot) {
                next.appendChild(table.tFoot);
            }
            table.parentNode.insertBefore(next, table.nextSibling);
            pageTop = breakBefore(next);
            table = next;
        }
    }

    function paginateSheet(sheet, height) {
        var pageTop = top(sheet);
        var children = Array.prototype.slice.call(sheet.children);
        for (var i = 0; i < children.length; i++) {
            var el = children[i];
            if (el.tagName === "TABLE" && el.className.indexOf("sakip-split") >= 0) {
                pageTop = splitTable(el, pageTop, height);
                continue;
            }
            var next = children[i + 1];
            if (next && el.className.indexOf("sakip-keep-next") >= 0) {
                // a heading stays with the start of what follows it
                var rows = next.tagName === "TABLE" ? bodyRows(next) : [];
                var start = rows.length ? rows[0] : next;
                if (bottom(start) - pageTop > height && top(el) > pageTop + 1) {
                    pageTop = breakBefore(el);
                    continue;
                }
            }
            if (bottom(el) - pageTop > height && top(el) > pageTop + 1) {
                pageTop = breakBefore(el);
                if (el.className.indexOf("sakip-tail") >= 0) {
                    // the end of a table starting a page shows the table's header
                    el.className += " sakip-tail-moved";
                }
            }
            while (bottom(el) - pageTop > height) {
                // taller than a page: wkhtmltopdf breaks it where the page ends
                pageTop += height;
            }
        }
    }

    function paginate() {
        var docs = document.querySelectorAll(".sakip-doc");
        for (var d = 0; d < docs.length; d++) {
            var doc = docs[d];
            if (doc.getAttribute("data-paginated")) {
                continue;
            }
            doc.setAttribute("data-paginated", "1");
            var height = parseFloat(doc.getAttribute("data-page-height"));
            var sheets = doc.querySelectorAll(".sakip-sheet");
            for (var s = 0; s < sheets.length; s++) {
                paginateSheet(sheets[s], height);
            }
        }
    }

    // after the style sheets and images are loaded: they change the heights
    if (document.readyState === "complete") {
        paginate();
    } else {
        window.addEventListener("load", paginate);
    }
})();
