// Starts the contract suite compiled from Java (dev.pfs.browser.contract.ContractPage).
import { main } from "./contract.js";

main([]);
