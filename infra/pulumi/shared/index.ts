export * from "./argocd";
export * from "./kubernetes";
export * from "./naming";
export * from "./foundation";
export * from "./environment";
export * from "./cluster";
