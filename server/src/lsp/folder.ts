// Transitional: the features still say Folder for what is now a Project (renamed in one sweep).
export type { Project as Folder } from './project.js';
