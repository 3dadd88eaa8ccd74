"""Everything Qt: the window, the map canvas, dialogs and the shared map renderer."""
