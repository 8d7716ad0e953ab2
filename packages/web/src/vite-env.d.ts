/** Vite asset imports used by the console (the rest of vite/client is not needed). */
declare module '*?url' {
  const url: string;
  export default url;
}
