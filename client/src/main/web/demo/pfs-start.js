// Starts the device compiled from Java (dev.pfs.browser.PfsPage) once the page is parsed.
import { main } from "./pfs.js";

main([]);
