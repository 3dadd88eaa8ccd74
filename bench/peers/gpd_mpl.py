"""Peer: geopandas + matplotlib draw the same A4 300 dpi quantile map.

Usage: python bench/peers/gpd_mpl.py BOUNDARIES.gpkg DATA.csv COLUMN OUT.png
"""

import sys

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

gpkg, csv, column, out = sys.argv[1:5]
kommuner = gpd.read_file(gpkg, layer="kommune")
data = pd.read_csv(csv, sep=";", dtype={"kommunenummer": str})
data["kommunenummer"] = data["kommunenummer"].str.zfill(4)
joined = kommuner.merge(data, left_on="code", right_on="kommunenummer", how="left")
fig, ax = plt.subplots(figsize=(8.27, 11.69))
joined.plot(column=column, scheme="quantiles", k=5, cmap="YlOrRd", legend=True, ax=ax,
            edgecolor="white", linewidth=0.2, missing_kwds={"color": "lightgrey", "hatch": "///"})
ax.set_axis_off()
ax.set_title(f"{column} (quantiles)")
fig.savefig(out, dpi=300)
