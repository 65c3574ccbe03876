export * from "./argocd";
export * from "./kubernetes";
export * from "./naming";
export * from "./foundation";
