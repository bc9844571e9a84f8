# Copyright 2024 SAKIP Indonesia
