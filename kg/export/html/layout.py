"""Where each node goes on the canvas, computed in Python before the page is written, so a
graph of thousands of nodes is drawn at once instead of being simulated in the browser:
each connected component laid out on its own (pivot MDS, then a force layout whose
repulsion a grid approximates), scaled to a common edge length and node spacing, and
packed in rows, largest first, the isolated nodes in tidy rows at the end."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np

EDGE_LENGTH = 130.0        # median edge length on the canvas, in vis units (pixels at zoom 1), at least
NODE_SPACING = 45.0        # median distance from a node to its nearest neighbour on the canvas, at least
NEAR = 12                  # neighbours whose repulsion the layout computes exactly
LABEL_CHARS = 14           # longer names are shortened on the canvas (the full name is in `name`)


def short_label(label: str) -> str:
    """The name as the canvas shows it."""
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def _mesh_kernel(size: int) -> tuple[np.ndarray, np.ndarray]:
    """FFT of the 2-D repulsion field d/|d|^2 on a (2*size)^2 grid (cell units)."""
    m = 2 * size
    d = np.arange(m)
    d = np.where(d < size, d, d - m).astype(float)
    dx, dy = np.meshgrid(d, d, indexing="ij")
    r2 = dx * dx + dy * dy
    r2[0, 0] = 1.0
    kx, ky = dx / r2, dy / r2
    kx[0, 0] = ky[0, 0] = 0.0
    return np.fft.rfft2(kx), np.fft.rfft2(ky)


def _repulsion_dense(x: np.ndarray, mass: np.ndarray) -> np.ndarray:
    delta = x[:, None, :] - x[None, :, :]
    d2 = np.maximum((delta ** 2).sum(-1), 1e-4)
    return mass[:, None] * (delta * (mass[None, :] / d2)[..., None]).sum(1)


def _repulsion_mesh(x: np.ndarray, mass: np.ndarray, kernel: tuple[np.ndarray, np.ndarray],
                    size: int) -> np.ndarray:
    """All-pairs repulsion m_i m_j d/|d|^2 in O(n + G^2 log G): masses spread on a grid
    (cloud in cell), the field from one FFT convolution, read back at each node; the
    nearest neighbours closer than two cells, which the grid blurs, are added exactly (a
    k-d tree finds them)."""
    from scipy.spatial import cKDTree

    n = len(x)
    lo = x.min(0)
    span = float((x.max(0) - lo).max()) + 1e-9
    h = span / (size - 3)
    g = (x - (lo - h)) / h
    i0 = np.floor(g).astype(np.int64)
    f = g - i0
    fx, fy = f[:, 0], f[:, 1]
    idx = i0[:, 0] * size + i0[:, 1]
    parts = ((0, (1 - fx) * (1 - fy)), (1, (1 - fx) * fy), (size, fx * (1 - fy)), (size + 1, fx * fy))
    rho = np.zeros(size * size)
    for off, w in parts:
        rho += np.bincount(idx + off, w * mass, size * size)
    spectrum = np.fft.rfft2(rho.reshape(size, size), (2 * size, 2 * size))
    field_x = np.fft.irfft2(spectrum * kernel[0], (2 * size, 2 * size))[:size, :size].ravel()
    field_y = np.fft.irfft2(spectrum * kernel[1], (2 * size, 2 * size))[:size, :size].ravel()
    out = np.zeros((n, 2))
    for off, w in parts:
        out[:, 0] += field_x[idx + off] * w
        out[:, 1] += field_y[idx + off] * w
    out *= (mass / h)[:, None]
    # each node's nearest neighbours within two cells (at most NEAR of them: a cluster that
    # the first steps have not yet spread would otherwise give millions of pairs)
    dist, near = cKDTree(x).query(x, k=NEAR + 1, distance_upper_bound=2 * h)
    a = np.repeat(np.arange(n), NEAR)
    b = near[:, 1:].ravel()
    keep = b < n
    a, b = a[keep], b[keep]
    if len(a):
        delta = x[a] - x[b]
        w = mass[a] * mass[b] / np.maximum((delta ** 2).sum(1), 1e-4 * h * h)
        for k in (0, 1):
            out[:, k] += np.bincount(a, delta[:, k] * w, n)
    return out


def _pivot_mds(n: int, u: np.ndarray, v: np.ndarray, rng: np.random.Generator, pivots: int = 40) -> np.ndarray:
    """Starting positions from graph distances (Brandes & Pich's pivot MDS): the global
    shape of a connected component, which the force layout then only has to refine."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import shortest_path

    adjacency = coo_matrix((np.ones(len(u)), (u, v)), shape=(n, n)).tocsr()
    k = min(pivots, n)
    chosen = int(rng.integers(n))
    dist = np.empty((k, n))
    nearest = np.full(n, np.inf)
    for i in range(k):
        dist[i] = shortest_path(adjacency, directed=False, unweighted=True, indices=chosen)
        nearest = np.minimum(nearest, dist[i])
        chosen = int(np.argmax(nearest))
    c = dist.T ** 2
    c = -0.5 * (c - c.mean(0) - c.mean(1)[:, None] + c.mean())
    left, sing, _ = np.linalg.svd(c, full_matrices=False)
    return left[:, :2] * sing[:2]


def _component_layout(n: int, u: np.ndarray, v: np.ndarray, seed: int) -> np.ndarray:
    """Positions of one connected component: pivot MDS, then a force layout in the manner
    of ForceAtlas2 (repulsion (deg_i+1)(deg_j+1)/d, attraction d), so that a hub's
    neighbours get room in proportion to its degree."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    rng = np.random.default_rng(seed)
    mass = 1.0 + np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
    x = _pivot_mds(n, u, v, rng)
    mean_edge = float(np.sqrt(((x[u] - x[v]) ** 2).sum(1)).mean())
    x = x / (mean_edge if mean_edge > 1e-9 else 1.0) * 2.0 + rng.random((n, 2)) * 0.3
    dense = n <= 300
    if not dense:
        size = 64 if n < 1500 else 128
        kernel = _mesh_kernel(size)
    iterations = 150 if dense else 120
    step = 0.1
    for _ in range(iterations):
        disp = 0.5 * (_repulsion_dense(x, mass) if dense else _repulsion_mesh(x, mass, kernel, size))
        pull = x[u] - x[v]
        pull *= np.sqrt((pull ** 2).sum(1))[:, None]
        for k in (0, 1):
            disp[:, k] -= np.bincount(u, pull[:, k], n) - np.bincount(v, pull[:, k], n)
        temperature = step * float((x.max(0) - x.min(0)).max())
        length = np.sqrt((disp ** 2).sum(1)) + 1e-9
        x += disp * (np.minimum(length, temperature) / length)[:, None]
        step = max(step * 0.96, 0.002)
    return x - x.mean(0)


def _label_width(label: str, font: float = 14.0) -> float:
    return sum(font if ord(ch) > 0x2e80 else font * 0.6 for ch in label)


def layout_positions(graph: nx.Graph, seed: int = 1) -> dict[str, tuple[float, float]]:
    """Canvas positions of every node: each connected component laid out on its own
    (pivot MDS, then a force layout whose repulsion a grid approximates: about a second
    for 5,000 nodes and 10,000 edges, where networkx's spring_layout takes a minute),
    scaled to a common edge length and node spacing, and packed in rows, largest first,
    with the isolated nodes in tidy rows at the end."""
    und = nx.Graph()
    und.add_nodes_from(graph.nodes)
    und.add_edges_from((s, o) for s, o in graph.edges() if s != o)
    components = sorted((sorted(c) for c in nx.connected_components(und)), key=lambda c: (-len(c), c[0]))
    laid = []
    edge_lengths, spacings = [], []
    for comp in components:
        index = {node: i for i, node in enumerate(comp)}
        pairs = np.array(sorted(tuple(sorted((index[a], index[b]))) for a, b in und.subgraph(comp).edges()),
                         dtype=np.int64)
        u, v = (pairs[:, 0], pairs[:, 1]) if len(pairs) else (np.zeros(0, np.int64), np.zeros(0, np.int64))
        x = _component_layout(len(comp), u, v, seed)
        if len(u):
            edge_lengths.append(np.sqrt(((x[u] - x[v]) ** 2).sum(1)))
        if len(comp) > 2:
            from scipy.spatial import cKDTree
            spacings.append(cKDTree(x).query(x, k=2)[0][:, 1])
        laid.append((comp, x))
    # one scale for all components: edges long enough for their labels, dense parts spread
    scale = 1.0
    if edge_lengths:
        scale = EDGE_LENGTH / max(float(np.median(np.concatenate(edge_lengths))), 1e-9)
    if spacings:
        scale = max(scale, NODE_SPACING / max(float(np.median(np.concatenate(spacings))), 1e-9))

    # shelf packing of the components' boxes (a margin for labels below and beside nodes)
    boxes = []
    for comp, x in laid:
        x = x * scale
        widths = np.array([_label_width(short_label(str(graph.nodes[node].get("label", node)))) for node in comp])
        margin = 30 if len(comp) > 1 else 12   # isolated nodes sit closer: their labels show only zoomed in
        left = float((x[:, 0] - widths / 2).min()) - margin
        right = float((x[:, 0] + widths / 2).max()) + margin
        top, bottom = float(x[:, 1].min()) - (40 if len(comp) > 1 else 15), float(x[:, 1].max()) + 45
        boxes.append((comp, x, left, top, right - left, bottom - top))
    area = sum(w * h for *_, w, h in boxes)
    row_width = max(max((w for *_, w, _h in boxes), default=1.0), math.sqrt(area * 1.6))
    positions: dict[str, tuple[float, float]] = {}
    cx = cy = row_height = 0.0
    for comp, x, left, top, w, h in boxes:
        if cx > 0 and cx + w > row_width:
            cx, cy, row_height = 0.0, cy + row_height, 0.0
        for node, (px, py) in zip(comp, x):
            positions[node] = (px - left + cx, py - top + cy)
        cx += w
        row_height = max(row_height, h)
    if positions:
        xs, ys = zip(*positions.values())
        mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        positions = {node: (round(px - mx, 1), round(py - my, 1)) for node, (px, py) in positions.items()}
    return positions
