// The entry point scripts/vendor-js.sh bundles into src/sinks/html/vendor/graph-libs.min.js:
// exposes the pinned libraries as one global, `window.GraphLibs`, for page.js.
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeProgram, EdgeArrowHeadProgram, EdgeClampedProgram, NodeCircleProgram, createEdgeCompoundProgram } from "sigma/rendering";
import { floatColor } from "sigma/utils";
import forceAtlas2 from "graphology-layout-forceatlas2";
import noverlap from "graphology-layout-noverlap";

window.GraphLibs = {
  Graph, Sigma, EdgeProgram, EdgeArrowHeadProgram, EdgeClampedProgram, NodeCircleProgram,
  createEdgeCompoundProgram, floatColor, forceAtlas2, noverlap,
};
