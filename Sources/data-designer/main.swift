print("data-designer")
