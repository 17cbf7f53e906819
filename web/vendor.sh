#!/bin/sh
# Copy the third-party browser files the UI needs into OUTDIR/vendor/, which the binary embeds
# and serves at /static/vendor/.  The versions are pinned in package.json and package-lock.json;
# node_modules/ is installed with `npm ci` when it is missing (it is not committed).
#
# usage: web/vendor.sh OUTDIR
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -d "$here/node_modules/cytoscape" ] || [ ! -d "$here/node_modules/cytoscape-dagre" ]; then
	(cd "$here" && npm ci --silent --no-audit --no-fund)
fi

mkdir -p "$out/vendor"
# name in node_modules -> name served at /static/vendor/
copy() {
	cp "$here/node_modules/$1" "$out/vendor/$2.tmp"
	mv "$out/vendor/$2.tmp" "$out/vendor/$2"
}
copy cytoscape/dist/cytoscape.min.js cytoscape.min.js
copy cytoscape/LICENSE cytoscape.LICENSE.txt
copy cytoscape-dagre/dist/cytoscape-dagre.min.js cytoscape-dagre.min.js
copy cytoscape-dagre/LICENSE cytoscape-dagre.LICENSE.txt
