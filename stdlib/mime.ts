/** needlab's own MIME types: machine-readable results beside each table. */
export const NEEDLAB_EVALUATION_MIME = "application/vnd.needlab.evaluation+json";
export const NEEDLAB_COMPARISON_MIME = "application/vnd.needlab.comparison+json";
export const NEEDLAB_DRIFT_MIME = "application/vnd.needlab.drift+json";
